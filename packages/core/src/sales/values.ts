/** The sales domain's enumerated values, apart from its tables (event payloads name them cheaply). */

/** v1's LeadStatus. `won` and `lost` are closed; the rest are open. */
export const leadStatuses = ["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost"] as const;
export type LeadStatus = (typeof leadStatuses)[number];
export const openLeadStatuses = ["new", "contacted", "qualified", "proposal", "negotiation"] as const;

/** Where a lead came from: inferred from the conversation's channel, a campaign, or set by hand. */
export const leadSources = [
  "whatsapp",
  "messenger",
  "instagram",
  "email",
  "web_chat",
  "phone",
  "campaign",
  "referral",
  "reseller",
  "walk_in",
  "website",
  "other",
] as const;
export type LeadSource = (typeof leadSources)[number];
