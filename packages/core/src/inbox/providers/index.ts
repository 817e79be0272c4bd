import type { InboxChannelKind } from "../inbox.sql";
import type { Provider } from "./port";

/**
 * The senders, one per channel kind, each loaded on first use so no Lambda that does not send pays
 * for them (research R8).
 */
export const providers: Partial<Record<InboxChannelKind, () => Promise<Provider>>> = {
  whatsapp: async () => (await import("./whatsapp")).whatsapp,
  messenger: async () => (await import("./messenger")).messenger,
  instagram: async () => (await import("./instagram")).instagram,
  email: async () => (await import("./email")).emailProvider,
  widget: async () => (await import("./widget")).widgetProvider,
};
