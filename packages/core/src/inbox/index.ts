/**
 * The omni-channel inbox: channels, conversations and their messages (WhatsApp, Messenger, Instagram,
 * email, web chat). Provider wire formats are read in `inbound/`; this domain holds what they mean.
 */
export * as Access from "./access";
export * as Actions from "./actions";
export * as Assignment from "./assignment";
export * as Attachments from "./attachments";
export * as Channels from "./channels";
export * as Conversations from "./conversations";
export * as Csat from "./csat";
export * as EmailHtml from "./email/html";
export * as ReplyToken from "./email/token";
export { Events } from "./events";
export {
  type ConversationPriority,
  type ConversationStatus,
  conversationPriorities,
  conversationStatuses,
  type InboxChannelKind,
  inboxChannelKinds,
  type MessageDirection,
  type MessageKind,
  type MessageStatus,
  messageDirections,
  messageKinds,
  messageStatuses,
} from "./inbox.sql";
export * as Labels from "./labels";
export * as Macros from "./macros";
export { MessageInfo, toMessageInfo } from "./message-info";
export * as Notes from "./notes";
export * as Obligation from "./obligation";
export { ReplyInput, reply, retry, TemplateInput } from "./outbound/reply";
export * as Send from "./outbound/send";
export * as Window from "./outbound/window";
export * as Presence from "./presence";
export * as EmailProvider from "./providers/email";
export * as Providers from "./providers/port";
export { widgetProvider } from "./providers/widget";
export * as Receive from "./receive";
export * as Reports from "./reports";
export * as Routing from "./routing";
export * as RoutingSettings from "./routing-settings";
export * as Status from "./status";
export * as Templates from "./templates";
export * as Thread from "./thread";
export * as Uploads from "./uploads";
export * as Views from "./views";
export * as Watermark from "./watermark";
export * as Widget from "./widget";
