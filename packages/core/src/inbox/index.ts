/**
 * The omni-channel inbox: channels, conversations and their messages (WhatsApp, Messenger, Instagram,
 * email, web chat). Provider wire formats are read in `inbound/`; this domain holds what they mean.
 */
export * as Access from "./access";
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
export * as Providers from "./providers/port";
export * as Receive from "./receive";
export * as Status from "./status";
export * as Watermark from "./watermark";
