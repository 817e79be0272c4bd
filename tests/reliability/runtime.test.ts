import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Inbound from "@dotmac/core/inbound";
import { setBlobStore } from "@dotmac/core/platform/blob";
import { patchConfig, setConfig, useConfig } from "@dotmac/core/platform/config";
import { setInboundQueue } from "@dotmac/core/platform/queue";
import * as Subscriber from "@dotmac/core/subscriber";
import { type Runtime, startRuntime } from "@dotmac/functions/local/runtime";
import { afterAll, describe, expect, it } from "vitest";
import { TEST_WEBHOOK_SECRET } from "../support/db";
import { freePort } from "../support/postgres";
import { signedHeaders, subscriberPayload } from "../support/webhook";

const dataDir = mkdtempSync(join(tmpdir(), "dotmac-runtime-"));
let runtime: Runtime | undefined;

/** Opening PGlite, migrating and seeding take seconds alone and much longer on a loaded machine. */
const START_TIMEOUT = 180_000;

async function start() {
  const port = await freePort();
  setConfig({ NODE_ENV: "test", DATA_DIR: dataDir, PORT: String(port), BILLING_WEBHOOK_SECRETS: TEST_WEBHOOK_SECRET });
  setInboundQueue(undefined);
  setBlobStore(undefined);
  runtime = await startRuntime({ cron: false, log: () => {} });
  return runtime;
}

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition never held");
}

afterAll(async () => {
  await runtime?.stop();
});

describe("the one-machine runtime", () => {
  it(
    "migrates, seeds the demo organisation, serves, and applies a signed webhook in the background",
    async () => {
      const rt = await start();
      expect(rt.login.email).toMatch(/@/);
      expect((await fetch(`${rt.url}/api/health`)).status).toBe(200);
      const body = subscriberPayload({}, { external_id: "rt-1", subscriber_number: "SUB-RT-1" });
      const res = await fetch(`${rt.url}/webhooks/billing/subscribers`, {
        method: "POST",
        body,
        headers: signedHeaders(body),
      });
      expect(res.status).toBe(202);
      const row = await until(() => Subscriber.fromExternal("billing", "rt-1"));
      expect(row.subscriberNumber).toBe("SUB-RT-1");
      // the status-change event went through the outbox and the in-process bus to its subscriber
      const log = await until(async () => {
        const entries = await Subscriber.statusLog(row.id);
        return entries.length ? entries : undefined;
      });
      expect(log[0]?.toStatus).toBe("active");
    },
    START_TIMEOUT,
  );

  it("a poison record and a null body posted with a valid record are dead letters at once; the valid one is applied", async () => {
    const rt = runtime as Runtime;
    const post = (body: string) =>
      fetch(`${rt.url}/webhooks/billing/subscribers`, { method: "POST", body, headers: signedHeaders(body) });
    const poison = subscriberPayload({}, { external_id: "rt-nul", plan: { name: "Fibre\u0000100" } });
    for (const body of [
      poison,
      "null",
      subscriberPayload({}, { external_id: "rt-2", subscriber_number: "SUB-RT-2" }),
    ]) {
      expect((await post(body)).status).toBe(202);
    }
    expect((await until(() => Subscriber.fromExternal("billing", "rt-2"))).subscriberNumber).toBe("SUB-RT-2");
    const dead = await until(async () => {
      const letters = await Inbound.deadLetters();
      return letters.length === 2 ? letters : undefined;
    });
    expect(dead.map((d) => d.receiveCount)).toEqual([1, 1]);
  });

  it("limits webhook requests by the socket's address, whatever X-Forwarded-For says", async () => {
    const rt = runtime as Runtime;
    const before = useConfig();
    patchConfig({ WEBHOOK_RATE_LIMIT_BURST: 2, WEBHOOK_RATE_LIMIT_PER_SECOND: 0.01 });
    try {
      const body = subscriberPayload();
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const headers = { ...signedHeaders(body), "webhook-signature": "v1,AAAA", "x-forwarded-for": `192.0.2.${i}` };
        const res = await fetch(`${rt.url}/webhooks/billing/subscribers`, { method: "POST", body, headers });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      patchConfig({
        WEBHOOK_RATE_LIMIT_BURST: before.WEBHOOK_RATE_LIMIT_BURST,
        WEBHOOK_RATE_LIMIT_PER_SECOND: before.WEBHOOK_RATE_LIMIT_PER_SECOND,
      });
    }
  });

  it(
    "shuts down cleanly and keeps its data and demo login across a restart",
    async () => {
      const first = runtime?.login;
      await runtime?.stop();
      runtime = undefined;
      const rt = await start();
      expect(rt.login).toMatchObject({ email: first?.email, password: first?.password, created: false });
      expect(await Subscriber.fromExternal("billing", "rt-1")).toBeTruthy();
      const login = await fetch(`${rt.url}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: rt.url },
        body: JSON.stringify({ email: rt.login.email, password: rt.login.password }),
      });
      expect(login.status).toBe(200);
    },
    START_TIMEOUT,
  );

  it(
    "applies, after a crash, a webhook it had acknowledged in its spool but not yet queued, even if it was queued already",
    async () => {
      // What a run killed right after its 202 leaves behind: the spooled record (and a torn one it
      // never acknowledged). The same record is also queued already, as if the crash came between the
      // insert and the file's deletion: it must be applied once.
      await runtime?.stop();
      runtime = undefined;
      const { frame } = await import("@dotmac/core/platform/queue/spool");
      const { encodeEnvelope } = await import("@dotmac/core/webhook");
      const envelope = (externalId: string) =>
        encodeEnvelope({
          v: 1,
          provider: "billing",
          id: `msg_${externalId}`,
          receivedAt: new Date().toISOString(),
          body: subscriberPayload({}, { external_id: externalId, subscriber_number: `SUB-${externalId}` }),
        });
      const spooled = { id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", body: envelope("rt-spool") };
      const torn = frame({ id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c", body: envelope("rt-torn") });
      const spoolDir = join(dataDir, "spool", "inbound");
      mkdirSync(spoolDir, { recursive: true });
      writeFileSync(join(spoolDir, "spool-000000000900.log"), Buffer.concat([frame(spooled), torn.subarray(0, 60)]));
      writeFileSync(join(spoolDir, "spool-000000000901.log"), frame(spooled));
      const rt = await start();
      const row = await until(() => Subscriber.fromExternal("billing", "rt-spool"));
      expect(row.subscriberNumber).toBe("SUB-rt-spool");
      expect(readdirSync(spoolDir).filter((f) => f.endsWith(".log") && f < "spool-000000000902")).toEqual([]);
      expect(await Subscriber.fromExternal("billing", "rt-torn")).toBeUndefined();
      // And a webhook sent now goes through the spool to the table and is applied.
      const body = subscriberPayload({}, { external_id: "rt-after", subscriber_number: "SUB-RT-AFTER" });
      const res = await fetch(`${rt.url}/webhooks/billing/subscribers`, {
        method: "POST",
        body,
        headers: signedHeaders(body),
      });
      expect(res.status).toBe(202);
      expect((await until(() => Subscriber.fromExternal("billing", "rt-after"))).subscriberNumber).toBe("SUB-RT-AFTER");
    },
    START_TIMEOUT,
  );

  it("a message whose consumer crashed becomes visible again after the visibility timeout", async () => {
    const queue = (await import("@dotmac/core/platform/queue/table")).tableQueue({
      queue: "crash-test",
      visibilitySeconds: 1,
      maxReceives: 5,
    });
    await queue.send({ body: "work" });
    const [first] = await queue.receive(1);
    expect(first?.receiveCount).toBe(1);
    // no ack, no fail: the consumer died. The message comes back once the timeout passes.
    const again = await until(async () => (await queue.receive(1))[0]);
    expect(again).toMatchObject({ id: first?.id, receiveCount: 2 });
  });
});
