import { auditEventTable } from "@dotmac/core/audit/audit.sql";
import * as Auth from "@dotmac/core/auth";
import { authTokenTable, recoveryRequestTable } from "@dotmac/core/auth/auth.sql";
import { type DeferredBus, setEventBus } from "@dotmac/core/platform/bus";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail } from "@dotmac/core/platform/mail";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { localEventBus } from "@dotmac/functions/local/runtime";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, testApp } from "../support/api";
import { logStatements, setupTestDatabase, type TestDatabase } from "../support/db";
import { PASSWORD } from "../support/portals";

// Issue 9, finding 6: the reset and sign-in link requests answer before any work that depends on the
// email, against the local runtime's deferred bus (as EventBridge delivers on AWS). No wall-clock
// assertion: the request path must issue the same statements for a known and an unknown email, and
// the token and the mail must appear only after the bus has delivered.
const PAIRS = 12;
let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let bus: DeferredBus;
/** Every SQL statement sent, in order (text only: the email is a parameter). */
const statements: string[] = [];

beforeAll(async () => {
  t = await setupTestDatabase({ RATE_LIMIT_RECOVERY_IP: "100000", RATE_LIMIT_RECOVERY_EMAIL: "100000" });
  await logStatements(t, (query) => void statements.push(query));
  bus = localEventBus();
  setEventBus(bus);
  api = testApp();
});
afterAll(async () => {
  await bus?.settled();
  await t.close();
});

/**
 * A request as the runtime serves it: its events are delivered only once it has answered. `whileHeld`
 * runs after the answer and before the bus may deliver (on a pool, delivery would otherwise race it).
 */
async function ask(path: string, email: string, whileHeld: () => Promise<void>) {
  statements.length = 0;
  let sent: string[] = [];
  const res = await bus.request(async () => {
    const res = await api.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email }),
    });
    sent = [...statements];
    await whileHeld();
    return res;
  });
  return { status: res.status, body: await res.text(), statements: sent };
}

const tokensOf = (userId: string) =>
  useTransaction((tx) => tx.select().from(authTokenTable).where(eq(authTokenTable.userId, userId)));
const mailsTo = async (email: string) => (await listLocalMail()).filter((m) => m.to === email);

async function provesNothingLeaks(path: string, portal: Auth.Portal, action: string) {
  for (let i = 0; i < PAIRS; i++) {
    const known = await Auth.createUser({
      portal,
      email: `known-${portal}-${i}@example.com`,
      password: PASSWORD,
      displayName: `Known ${i}`,
      roles: [],
    });
    const unknown = `nobody-${portal}-${i}@example.com`;
    // Interleaved, and in alternating order, as the measurement in the issue was.
    const order = i % 2 === 0 ? [known.email, unknown] : [unknown, known.email];
    const answers: Record<string, Awaited<ReturnType<typeof ask>>> = {};
    for (const email of order) {
      answers[email] = await ask(path, email, async () => {
        // Answered, and nothing that depends on the account has happened yet.
        if (email === known.email) expect(await tokensOf(known.id)).toHaveLength(0);
        expect(await mailsTo(email)).toHaveLength(0);
      });
      await bus.settled();
    }
    const [a, b] = [answers[known.email], answers[unknown]];
    expect(a?.status).toBe(202);
    expect(b?.body).toBe(a?.body);
    expect(b?.status).toBe(a?.status);
    // The same statements, in the same order: a lookup, a token or a mail would add some.
    expect(a?.statements.length).toBeGreaterThan(0);
    expect(b?.statements).toEqual(a?.statements);
    // Once the bus has delivered: the account got its link, the unknown email nothing.
    expect(await tokensOf(known.id)).toHaveLength(1);
    expect(await mailsTo(known.email)).toHaveLength(1);
    expect(await mailsTo(unknown)).toHaveLength(0);
    const audited = await useTransaction((tx) =>
      tx
        .select()
        .from(auditEventTable)
        .where(and(eq(auditEventTable.entityId, known.id), eq(auditEventTable.action, action))),
    );
    expect(audited).toHaveLength(1);
  }
  // The subscriber consumed every request row: no address stays behind.
  expect(await useTransaction((tx) => tx.select().from(recoveryRequestTable))).toEqual([]);
}

describe("issue 9 finding 6: link requests answer before the work", () => {
  it("issue 9 finding 6: forgot-password answers before any per-account work", async () => {
    await provesNothingLeaks("/api/v1/auth/password/forgot", "staff", "auth.password.reset_requested");
    await provesNothingLeaks("/api/v1/reseller/auth/password/forgot", "reseller", "auth.password.reset_requested");
  });

  it("issue 9 finding 6: the customer sign-in link request answers before any per-account work", async () => {
    await provesNothingLeaks("/api/v1/customer/auth/magic-link", "customer", "auth.magic_link.requested");
  });

  it("issue 9 finding 6: the event carries the request's id, never the email", async () => {
    const events = await useTransaction((tx) =>
      tx
        .select()
        .from(outboxTable)
        .where(inArray(outboxTable.type, [Auth.Events.RecoveryRequested.type])),
    );
    expect(events.length).toBe(PAIRS * 2 * 3);
    for (const event of events) {
      expect(Object.keys(event.payload as object)).toEqual(["requestId"]);
      expect(JSON.stringify(event.payload)).not.toContain("@");
      expect(event.publishedAt).toBeInstanceOf(Date);
    }
  });
});
