import { and, eq } from "drizzle-orm";
import { Widget } from "../inbox";
import { inboxChannelTable } from "../inbox/inbox.sql";
import { useTransaction } from "../platform/db";
import { publicUrl } from "../platform/public-url";

/** The demo widget's public id: the local demo page (/demo/widget.html) embeds it. */
export const DEMO_WIDGET_ID = "wgt_demo";

/** A web chat widget allowed on the local origin, open around the clock. Left alone once it exists. */
export async function seedWidget(): Promise<void> {
  await useTransaction(async (tx) => {
    const [existing] = await tx
      .select({ id: inboxChannelTable.id })
      .from(inboxChannelTable)
      .where(and(eq(inboxChannelTable.kind, "widget"), eq(inboxChannelTable.externalAccountId, DEMO_WIDGET_ID)));
    if (existing) return;
    const settings = Widget.Settings.parse({
      allowedOrigins: [new URL(publicUrl()).origin],
      greeting: "Hi! Questions about your connection or your bill? We are here.",
    });
    await tx
      .insert(inboxChannelTable)
      .values({ kind: "widget", name: "Demo ISP website", externalAccountId: DEMO_WIDGET_ID, settings });
  });
}
