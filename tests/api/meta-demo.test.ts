import * as Demo from "@dotmac/core/demo";
import * as Inbound from "@dotmac/core/inbound";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "@dotmac/core/inbox/inbox.sql";
import { patchConfig, useConfig } from "@dotmac/core/platform/config";
import { useTransaction } from "@dotmac/core/platform/db";
import { deadLetterTable } from "@dotmac/core/platform/platform.sql";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
beforeAll(async () => {
  t = await setupTestDatabase();
  // What the local runtime does when no Meta secrets are configured.
  const secrets = Demo.localMetaSecrets(useConfig().DATA_DIR);
  patchConfig({ META_WHATSAPP_APP_SECRETS: [secrets.whatsapp], META_APP_SECRETS: [secrets.meta] });
  api = testApp();
});
afterAll(async () => {
  await t.close();
});

async function drain() {
  for (;;) {
    const batch = await t.queue.receive(10);
    if (batch.length === 0) return;
    for (const m of batch) {
      await Inbound.consume(m);
      await t.queue.ack(m.id);
    }
  }
}

const inboundOn = (kind: "whatsapp" | "messenger") =>
  useTransaction((tx) =>
    tx
      .select({ body: inboxMessageTable.body })
      .from(inboxMessageTable)
      .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, inboxMessageTable.conversationId))
      .innerJoin(inboxChannelTable, eq(inboxChannelTable.id, inboxConversationTable.channelId))
      .where(eq(inboxChannelTable.kind, kind)),
  );

describe("a new machine's Meta demo", () => {
  it("seeds a WhatsApp number and a page with one conversation each, once", async () => {
    await Demo.seedMetaChannels();
    await Demo.seedMetaChannels();
    expect(await inboundOn("whatsapp")).toHaveLength(1);
    expect(await inboundOn("messenger")).toHaveLength(1);
    const [wa] = await useTransaction((tx) =>
      tx.select().from(inboxChannelTable).where(eq(inboxChannelTable.kind, "whatsapp")),
    );
    // Replies go to the local Graph emulator, whose token the runtime puts in LOCAL_GRAPH_TOKEN.
    expect(wa?.accessTokenSecret).toBe("LOCAL_GRAPH_TOKEN");
  });

  it("`npm run demo:meta` signs a WhatsApp and a Messenger text that reach the demo channels", async () => {
    const results = await Demo.sendDemoMeta({
      base: ORIGIN,
      secrets: Demo.localMetaSecrets(useConfig().DATA_DIR),
      fetch: async (url, init) => api.app.request(url, init),
    });
    expect(results.map((r) => [r.provider, r.status])).toEqual([
      ["whatsapp", 200],
      ["meta", 200],
    ]);
    await drain();
    expect((await inboundOn("whatsapp")).map((m) => m.body)).toContain(
      "Hello, my fibre light is blinking red. Can someone help?",
    );
    expect((await inboundOn("messenger")).map((m) => m.body)).toContain("Is there an outage in Lekki right now?");
  });

  it("a disabled channel takes no new message: the delivery dead-letters with the reason", async () => {
    await useTransaction((tx) =>
      tx.update(inboxChannelTable).set({ status: "disabled" }).where(eq(inboxChannelTable.kind, "whatsapp")),
    );
    const before = (await inboundOn("whatsapp")).length;
    await Demo.sendDemoMeta({
      base: ORIGIN,
      secrets: Demo.localMetaSecrets(useConfig().DATA_DIR),
      fetch: async (url, init) => api.app.request(url, init),
    });
    await drain();
    expect(await inboundOn("whatsapp")).toHaveLength(before);
    const dead = await useTransaction((tx) => tx.select().from(deadLetterTable));
    expect(dead.map((d) => d.reason).join()).toContain("is disabled; enable it");
  });
});
