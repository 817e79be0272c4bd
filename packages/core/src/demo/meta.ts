import { and, eq } from "drizzle-orm";
import { inboxChannelTable } from "../inbox/inbox.sql";
import * as Receive from "../inbox/receive";
import { withActor } from "../platform/context";
import { createTransaction } from "../platform/db";
import { live } from "../platform/soft-delete";
import { DEMO_PAGE_ID, DEMO_WHATSAPP_BUSINESS_ACCOUNT_ID, DEMO_WHATSAPP_PHONE_NUMBER_ID } from "./meta-payloads";

/** The secret name the local runtime fills with the Graph emulator's token (functions/local/graph-local.ts). */
const LOCAL_GRAPH_TOKEN = "LOCAL_GRAPH_TOKEN";
const H = 3600_000;

const demoChannels = [
  {
    kind: "whatsapp" as const,
    name: "Demo WhatsApp line",
    externalAccountId: DEMO_WHATSAPP_PHONE_NUMBER_ID,
    businessAccountId: DEMO_WHATSAPP_BUSINESS_ACCOUNT_ID,
    first: {
      from: "2348031110002",
      name: "Emeka Nwosu",
      body: "Good morning, I paid my bill but the internet is still off.",
    },
  },
  {
    kind: "messenger" as const,
    name: "Demo ISP Facebook page",
    externalAccountId: DEMO_PAGE_ID,
    businessAccountId: null,
    first: { from: "6934500000000002", name: "Tunde Bello", body: "Hi, do you cover Yaba? I want to sign up." },
  },
];

/**
 * A WhatsApp number and a Facebook page, each with one customer's first message, so the inbox shows
 * both on a new machine. Replies go to the local Graph emulator (its token is LOCAL_GRAPH_TOKEN), whose
 * delivery reports come back as ticks. A re-run adds nothing: channels are looked up, messages dedupe.
 */
export async function seedMetaChannels(): Promise<void> {
  await withActor({ type: "system", properties: { job: "demo.seed" } }, async () => {
    for (const c of demoChannels) {
      const channelId = await createTransaction(async (tx) => {
        const [existing] = await tx
          .select({ id: inboxChannelTable.id })
          .from(inboxChannelTable)
          .where(
            and(
              eq(inboxChannelTable.kind, c.kind),
              eq(inboxChannelTable.externalAccountId, c.externalAccountId),
              live(inboxChannelTable),
            ),
          );
        if (existing) return existing.id;
        const [row] = await tx
          .insert(inboxChannelTable)
          .values({
            kind: c.kind,
            name: c.name,
            externalAccountId: c.externalAccountId,
            businessAccountId: c.businessAccountId,
            accessTokenSecret: LOCAL_GRAPH_TOKEN,
            settings: c.kind === "messenger" ? { humanAgentTag: true } : {},
          })
          .returning({ id: inboxChannelTable.id });
        return (row as { id: string }).id;
      });
      const at = new Date();
      await Receive.inbound({
        channelId,
        from: { value: c.first.from, name: c.first.name },
        externalId: `demo-first-${c.kind}`,
        kind: "text",
        body: c.first.body,
        providerAt: at,
        windowExpiresAt: new Date(at.getTime() + 24 * H),
      });
    }
  });
}
