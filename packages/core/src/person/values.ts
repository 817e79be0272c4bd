/**
 * The person domain's enumerated values, apart from its tables: an event's payload schema names them
 * without loading the table definitions (which pull drizzle's column builders onto a consumer's cold path).
 */

/** `visitor` is a web chat visitor: the value is the id signed into their widget token (inbox/widget). */
export const channelKinds = ["email", "phone", "whatsapp", "messenger", "instagram", "visitor"] as const;
export type ChannelKind = (typeof channelKinds)[number];

export const partyStatuses = ["lead", "contact", "customer", "subscriber"] as const;
export type PartyStatus = (typeof partyStatuses)[number];
