import { and, eq } from "drizzle-orm";
import { inboxChannelTable } from "../inbox/inbox.sql";
import { createTransaction } from "../platform/db";
import { live } from "../platform/soft-delete";

/** The demo's support mailbox: mail sent to it on the local SMTP port lands in the inbox. */
export const DEMO_SUPPORT_ADDRESS = "support@dotmac.example";

/** Connects the demo email channel once; `created` says whether this run connected it (and should seed mail). */
export async function seedEmailChannel(): Promise<{ id: string; address: string; created: boolean }> {
  return createTransaction(async (tx) => {
    const [existing] = await tx
      .select({ id: inboxChannelTable.id })
      .from(inboxChannelTable)
      .where(
        and(
          eq(inboxChannelTable.kind, "email"),
          eq(inboxChannelTable.externalAccountId, DEMO_SUPPORT_ADDRESS),
          live(inboxChannelTable),
        ),
      );
    if (existing) return { id: existing.id, address: DEMO_SUPPORT_ADDRESS, created: false };
    const [row] = await tx
      .insert(inboxChannelTable)
      .values({
        kind: "email",
        name: "Support mailbox",
        externalAccountId: DEMO_SUPPORT_ADDRESS,
        settings: { displayName: "DotMac Support" },
      })
      .returning({ id: inboxChannelTable.id });
    return { id: (row as { id: string }).id, address: DEMO_SUPPORT_ADDRESS, created: true };
  });
}
