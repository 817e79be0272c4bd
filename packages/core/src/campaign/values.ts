/** The campaign domain's enumerated values, apart from its tables (event payloads name them cheaply). */

export const campaignChannels = ["email", "whatsapp"] as const;
export type CampaignChannel = (typeof campaignChannels)[number];

/** draft → scheduled → sending → completed; draft or scheduled (or sending) → cancelled. Only a draft is edited. */
export const campaignStatuses = ["draft", "scheduled", "sending", "completed", "cancelled"] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** pending (due at `due_at`) → sending (claimed) → sent | failed; skipped when the person opted out. */
export const recipientStatuses = ["pending", "sending", "sent", "failed", "skipped"] as const;
export type RecipientStatus = (typeof recipientStatuses)[number];

export const consentChannels = ["email", "whatsapp"] as const;
export type ConsentChannel = (typeof consentChannels)[number];
export const consentStates = ["opted_in", "opted_out"] as const;
