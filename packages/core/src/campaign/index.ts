/**
 * The campaign domain's one front door: segments (audiences with a preview), campaigns over email and
 * WhatsApp templates with nurture steps, their batched sender (Send), tracked opens, clicks and replies,
 * and marketing consent (one-click unsubscribe, WhatsApp opt-in).
 */
export {
  AudienceInfo,
  CampaignInfo,
  cancel,
  create,
  createSegment,
  get,
  list,
  listSegments,
  PreviewInfo,
  preview,
  previewSegment,
  RecipientInfo,
  recipients,
  recipientsCsv,
  SegmentInfo,
  schedule,
  update,
  variableNames,
} from "./campaigns";
export { Events } from "./events";
export { renderEmail } from "./render";
export { removeSegment, updateSegment } from "./segments";
export * as Send from "./send";
export { SegmentFilter, sign } from "./shared";
export {
  click,
  onReply,
  open,
  REPLY_ATTRIBUTION_DAYS,
  setConsent,
  UnsubscribeInfo,
  unsubscribe,
  unsubscribeLookup,
} from "./tracking";
export { campaignChannels, campaignStatuses, consentChannels, recipientStatuses } from "./values";
export { WhatsAppChannelInfo, whatsappChannels } from "./whatsapp";
