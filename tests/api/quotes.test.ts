import * as Auth from "@dotmac/core/auth";
import * as Person from "@dotmac/core/person";
import { withActor } from "@dotmac/core/platform/context";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail } from "@dotmac/core/platform/mail";
import { outboxTable } from "@dotmac/core/platform/platform.sql";
import { projectTable } from "@dotmac/core/project/project.sql";
import * as Quote from "@dotmac/core/quote";
import { quoteDecisionTable, quoteLinkTable, quoteTable, salesOrderTable } from "@dotmac/core/quote/quote.sql";
import * as Sales from "@dotmac/core/sales";
import { leadTable } from "@dotmac/core/sales/sales.sql";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { PASSWORD, portalSignIn } from "../support/portals";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
type Headers = Record<string, string>;
let admin: Headers;
let seller: Headers;
let support: Headers;
let customer: { cookie: string; csrf: string };
let otherCustomer: { cookie: string; csrf: string };
let personId: string;
let otherPersonId: string;
let serial = 0;

const system = { type: "system", properties: { job: "test.fixture" } } as const;
/** Whoever holds the link: no session, a JSON body. */
const anon = { "content-type": "application/json" };

const send = async (method: string, path: string, headers: Headers, body?: unknown) => {
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const type = res.headers.get("content-type") ?? "";
  const raw = type.includes("pdf") ? new Uint8Array(await res.arrayBuffer()) : await res.text();
  return {
    status: res.status,
    type,
    headers: res.headers,
    body: typeof raw === "string" && raw && type.includes("json") ? JSON.parse(raw) : raw,
  };
};
const post = (path: string, headers: Headers, body: unknown = {}) => send("POST", path, headers, body);
/** A customer portal request as the browser makes it: session cookie, and the CSRF echo on writes. */
const asCustomer = (who: { cookie: string; csrf: string }, csrf = true): Headers => ({
  cookie: who.cookie,
  "content-type": "application/json",
  origin: "http://localhost:3999",
  ...(csrf ? { "x-csrf-token": who.csrf } : {}),
});

async function bearer(email: string, roles: string[]): Promise<Headers> {
  await Auth.createUser({ email, password: PASSWORD, displayName: email.split("@")[0] as string, roles });
  const token = (await Auth.login({ email, password: PASSWORD })) as Auth.Tokens;
  return { authorization: `Bearer ${token.accessToken}`, "content-type": "application/json" };
}

const lines = [
  { description: "Fibre installation (drop and ONT)", quantity: "1", unitPrice: "50000", taxPercent: "7.5" },
  {
    description: "Drop cable per metre",
    quantity: "120.5",
    unitPrice: "333.33",
    discountPercent: "10",
    taxPercent: "7.5",
  },
];

/** A lead for the person and a quote drafted from it, then sent by email. */
async function sentQuote(forPerson = personId, extra: Record<string, unknown> = {}) {
  serial += 1;
  const lead = await withActor(system, () =>
    Sales.create({ personId: forPerson, title: `Home fibre ${serial}`, pipelineId: null }),
  );
  const draft = await post("/api/v1/quotes", seller, {
    leadId: lead.id,
    title: `Home fibre ${serial}`,
    projectType: "fiber_optics_installation",
    depositPercent: "50",
    lines,
    ...extra,
  });
  expect(draft.status).toBe(201);
  const sent = await post(`/api/v1/quotes/${draft.body.id}/send`, seller, { via: "email" });
  expect(sent.status).toBe(200);
  return { quote: sent.body as Quote.Info, leadId: lead.id };
}

/** The token of the newest quote link mailed to `to` (the local mailbox keeps the raw mail). */
async function mailedToken(quoteNumber: string): Promise<string> {
  const mails = (await listLocalMail()).filter((m) => m.subject.includes(quoteNumber));
  const text = mails.at(-1)?.text ?? "";
  const token = /#token=([\w-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no link mailed for ${quoteNumber}`);
  return token;
}

const signature = {
  signerName: "Ada Obi",
  signatureKind: "typed" as const,
  termsVersion: Quote.DEFAULT_TERMS_VERSION,
};

const count = async (table: typeof salesOrderTable | typeof projectTable, quoteId: string) =>
  useTransaction(async (tx) =>
    table === salesOrderTable
      ? (await tx.select().from(salesOrderTable).where(eq(salesOrderTable.quoteId, quoteId))).length
      : (await tx.select().from(projectTable).where(eq(projectTable.quoteId, quoteId))).length,
  );

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  seller = await bearer("seller@example.com", ["sales"]);
  support = await bearer("agent@example.com", ["support"]);
  const ada = await withActor(system, () => Person.create({ displayName: "Ada Obi", email: "ada@example.com" }));
  const bola = await withActor(system, () => Person.create({ displayName: "Bola Ade", email: "bola@example.com" }));
  personId = ada.id;
  otherPersonId = bola.id;
  await Auth.createUser({
    portal: "customer",
    email: "ada@example.com",
    password: PASSWORD,
    displayName: "Ada",
    roles: [],
    personId,
  });
  await Auth.createUser({
    portal: "customer",
    email: "bola@example.com",
    password: PASSWORD,
    displayName: "Bola",
    roles: [],
    personId: otherPersonId,
  });
  customer = await portalSignIn(api.request, "customer", "ada@example.com");
  otherCustomer = await portalSignIn(api.request, "customer", "bola@example.com");
});
afterAll(() => t.close());

describe("quotes: a salesperson builds, previews and sends a quote", () => {
  it("computes exact totals from decimal strings and numbers the quote", async () => {
    const lead = await withActor(system, () => Sales.create({ personId, title: "Office fibre", pipelineId: null }));
    const res = await post("/api/v1/quotes", seller, { leadId: lead.id, title: "Office fibre", lines });
    expect(res.status).toBe(201);
    const q = res.body as Quote.Info;
    expect(q.number).toMatch(/^QUO-\d{4}-\d{6}$/);
    expect(q).toMatchObject({ status: "draft", personId, leadId: lead.id, currency: "NGN" });
    // 120.5 m × 333.33 = 40166.265 → 40166.27; −10 % = 36149.6385 → 36149.64; tax 7.5 % = 2711.223 → 2711.22
    expect(q.lines[1]).toMatchObject({
      quantity: 120_500,
      unitPriceMinor: 33_333,
      discountBp: 1000,
      netMinor: 3_614_964,
      taxMinor: 271_122,
    });
    expect(q.lines[0]).toMatchObject({ netMinor: 5_000_000, taxMinor: 375_000 });
    expect(q.netMinor).toBe(5_000_000 + 3_614_964);
    expect(q.taxMinor).toBe(375_000 + 271_122);
    expect(q.totalMinor).toBe(q.netMinor + q.taxMinor);

    const edited = await send("PATCH", `/api/v1/quotes/${q.id}`, seller, { lines: [lines[0]], depositPercent: "30" });
    expect(edited.body).toMatchObject({ totalMinor: 5_375_000, depositBp: 3000, depositMinor: 1_612_500 });

    const list = await send("GET", "/api/v1/quotes?q=Office", seller);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(q.id);
  });

  it("says which field to fix, and never takes a float it cannot hold", async () => {
    const bad = async (line: Record<string, unknown>) =>
      post("/api/v1/quotes", seller, {
        personId,
        title: "Bad",
        lines: [{ description: "x", unitPrice: "1", ...line }],
      });
    const tooPrecise = await bad({ unitPrice: "1.234" });
    expect(tooPrecise.status).toBe(400);
    expect(tooPrecise.body.detail).toMatch(/lines\.0\.unitPrice/);
    expect((await bad({ quantity: "0" })).body.detail).toMatch(/lines\.0\.quantity/);
    expect((await bad({ discountPercent: "101" })).body.detail).toMatch(/lines\.0\.discountPercent/);
    expect((await bad({ unitPrice: "1e21" })).status).toBe(400);
    expect((await post("/api/v1/quotes", seller, { title: "Nobody" })).status).toBe(400);
    expect((await post("/api/v1/quotes", seller, { personId, title: "Past", expiresAt: "2020-01-01" })).status).toBe(
      400,
    );
    const noPrice = await post("/api/v1/quotes", seller, {
      personId,
      title: "Free text",
      lines: [{ description: "Survey" }],
    });
    expect(noPrice.body.detail).toMatch(/lines\.0\.unitPrice: is required/);
  });

  it("renders the PDF and an escaped HTML preview with the same figures, then freezes once sent", async () => {
    const draft = await post("/api/v1/quotes", seller, {
      personId,
      title: "<script>alert(1)</script> Home",
      notes: "Ada's <b>notes</b>",
      lines,
    });
    const id = draft.body.id as string;
    const pdf = await send("GET", `/api/v1/quotes/${id}/pdf`, seller);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe("application/pdf");
    expect(pdf.headers.get("content-disposition")).toMatch(/attachment; filename="QUO-\d{4}-\d{6}\.pdf"/);
    expect(
      Buffer.from(pdf.body as Uint8Array)
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    // The same quote renders to the same bytes (a fixed creation date and file id).
    expect(Buffer.from((await send("GET", `/api/v1/quotes/${id}/pdf`, seller)).body as Uint8Array)).toEqual(
      Buffer.from(pdf.body as Uint8Array),
    );

    const html = await send("GET", `/api/v1/quotes/${id}/preview`, seller);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-security-policy")).toMatch(/default-src 'none'.*sandbox/);
    expect(html.body).not.toMatch(/<script>|<b>/);
    expect(html.body).toContain("&lt;script&gt;");
    expect(html.body).toMatch(/NGN\s92,610\.86/); // the total, as on the PDF
    expect(draft.body.totalMinor).toBe(9_261_086);

    const sent = await post(`/api/v1/quotes/${id}/send`, seller, { via: "email" });
    expect(sent.body.status).toBe("sent");
    const mail = (await listLocalMail()).filter((m) => m.subject.includes(sent.body.number));
    expect(mail).toHaveLength(1);
    expect(mail[0]?.to).toBe("ada@example.com");
    const frozen = await send("PATCH", `/api/v1/quotes/${id}`, seller, { title: "Changed" });
    expect(frozen.status).toBe(409);
    expect((await send("DELETE", `/api/v1/quotes/${id}`, seller)).status).toBe(409);
  });

  it("keeps quotes to staff who may sell: support agents and customers are refused", async () => {
    const { quote } = await sentQuote();
    expect((await send("GET", `/api/v1/quotes/${quote.id}`, support)).status).toBe(403);
    expect((await post("/api/v1/quotes", support, { personId, title: "x" })).status).toBe(403);
    expect((await send("GET", `/api/v1/quotes/${quote.id}`, {})).status).toBe(401);
    expect((await send("GET", "/api/v1/sales-orders", support)).status).toBe(403);
  });
});

describe("quotes: the customer answers", () => {
  it("shows a customer their own quotes only; another customer's is not_found", async () => {
    const { quote } = await sentQuote();
    const mine = await send("GET", "/api/v1/customer/quotes", asCustomer(customer));
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((q: { id: string }) => q.id)).toContain(quote.id);
    expect(mine.body.items[0]).not.toHaveProperty("ownerUserId");
    const theirs = await send("GET", `/api/v1/customer/quotes/${quote.id}`, asCustomer(otherCustomer));
    expect(theirs.status).toBe(404);
    expect((await send("GET", `/api/v1/customer/quotes/${quote.id}/pdf`, asCustomer(otherCustomer))).status).toBe(404);
    const steal = await post(`/api/v1/customer/quotes/${quote.id}/accept`, asCustomer(otherCustomer), signature);
    expect(steal.status).toBe(404);
    const pdf = await send("GET", `/api/v1/customer/quotes/${quote.id}/pdf`, asCustomer(customer));
    expect(pdf.type).toBe("application/pdf");
    // A draft is not the customer's to see.
    const draft = await post("/api/v1/quotes", seller, { personId, title: "Draft", lines });
    expect((await send("GET", `/api/v1/customer/quotes/${draft.body.id}`, asCustomer(customer))).status).toBe(404);
  });

  it("refuses a cookie write without the CSRF echo", async () => {
    const { quote } = await sentQuote();
    const res = await post(`/api/v1/customer/quotes/${quote.id}/accept`, asCustomer(customer, false), signature);
    expect(res.status).toBe(403);
    expect((await send("GET", `/api/v1/customer/quotes/${quote.id}`, asCustomer(customer))).body.status).toBe("sent");
  });

  it("accepting makes a customer, wins the lead, creates the order and the project: once, retried ×3", async () => {
    const { quote, leadId } = await sentQuote();
    const drawn = {
      signerName: "Ada Obi",
      signatureKind: "drawn",
      signaturePng: `data:image/png;base64,${PNG}`,
      termsVersion: Quote.DEFAULT_TERMS_VERSION,
    };
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await post(`/api/v1/customer/quotes/${quote.id}/accept`, asCustomer(customer), drawn));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers[0]?.body).toMatchObject({
      status: "accepted",
      decision: { decision: "accepted", signerName: "Ada Obi" },
    });
    expect(await count(salesOrderTable, quote.id)).toBe(1);
    expect(await count(projectTable, quote.id)).toBe(1);

    const staffView = (await send("GET", `/api/v1/quotes/${quote.id}`, seller)).body as Quote.Info;
    expect(staffView.decision).toMatchObject({
      via: "portal",
      signatureKind: "drawn",
      hasSignature: true,
      termsVersion: Quote.DEFAULT_TERMS_VERSION,
    });
    expect(staffView.decision?.ip).toBeNull(); // app.request has no connection; X-Forwarded-For is never read
    const order = (await send("GET", `/api/v1/sales-orders/${staffView.salesOrderId}`, seller)).body;
    expect(order).toMatchObject({
      number: expect.stringMatching(/^SO-\d{6}$/),
      status: "confirmed",
      paymentStatus: "pending",
      totalMinor: quote.totalMinor,
      depositRequiredMinor: Math.round(quote.totalMinor / 2),
      balanceDueMinor: quote.totalMinor,
      depositPaid: false,
      project: { number: expect.stringMatching(/^PRJ-/) },
    });
    expect(order.lines).toHaveLength(2);
    const [lead] = await useTransaction((tx) => tx.select().from(leadTable).where(eq(leadTable.id, leadId)));
    expect(lead?.status).toBe("won");
    const person = await withActor(system, () => Person.fromID(personId));
    expect(person?.partyStatus).toBe("customer");

    // The other answer after the first is a conflict; the quote stays accepted.
    const reject = await post(`/api/v1/customer/quotes/${quote.id}/reject`, asCustomer(customer), {
      reason: "changed my mind",
    });
    expect(reject.status).toBe(409);
  });

  it("a quote for a person without a lead: accepted once, it makes the order and project and no lead", async () => {
    const leadsOf = () =>
      useTransaction((tx) => tx.select().from(leadTable).where(eq(leadTable.personId, otherPersonId)));
    const before = (await leadsOf()).length;
    const draft = await post("/api/v1/quotes", seller, {
      personId: otherPersonId,
      title: "Walk-in: home fibre",
      projectType: "fiber_optics_installation",
      lines,
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ personId: otherPersonId, leadId: null, personName: "Bola Ade" });
    // A quote drafted for a person does not gain a lead afterwards: draft a new one from the lead.
    const lead = await withActor(system, () => Sales.create({ personId, title: "Other", pipelineId: null }));
    expect((await send("PATCH", `/api/v1/quotes/${draft.body.id}`, seller, { leadId: lead.id })).status).toBe(400);
    expect((await post(`/api/v1/quotes/${draft.body.id}/send`, seller, { via: "email" })).status).toBe(200);
    const accept = () =>
      post(`/api/v1/customer/quotes/${draft.body.id}/accept`, asCustomer(otherCustomer), {
        ...signature,
        signerName: "Bola Ade",
      });
    const answers = [await accept(), await accept()];
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await count(salesOrderTable, draft.body.id)).toBe(1);
    expect(await count(projectTable, draft.body.id)).toBe(1);
    expect((await leadsOf()).length).toBe(before);
    expect((await withActor(system, () => Person.fromID(otherPersonId)))?.partyStatus).toBe("customer");
  });

  it("concurrent accepts make one order and one project", async () => {
    const { quote } = await sentQuote();
    const answers = await Promise.all(
      [1, 2, 3].map(() => post(`/api/v1/customer/quotes/${quote.id}/accept`, asCustomer(customer), signature)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await count(salesOrderTable, quote.id)).toBe(1);
    expect(await count(projectTable, quote.id)).toBe(1);
    const decisions = await useTransaction((tx) =>
      tx.select().from(quoteDecisionTable).where(eq(quoteDecisionTable.quoteId, quote.id)),
    );
    expect(decisions).toHaveLength(1);
  });

  it("a drawn signature must be a PNG, and the terms must be the quote's", async () => {
    const { quote } = await sentQuote();
    const url = `/api/v1/customer/quotes/${quote.id}/accept`;
    const notPng = await post(url, asCustomer(customer), {
      ...signature,
      signatureKind: "drawn",
      signaturePng: Buffer.from("GIF89a....").toString("base64"),
    });
    expect(notPng.status).toBe(400);
    expect(notPng.body.detail).toMatch(/signaturePng/);
    const oldTerms = await post(url, asCustomer(customer), { ...signature, termsVersion: "old" });
    expect(oldTerms.status).toBe(409);
  });

  it("declining loses the lead with the reason", async () => {
    const { quote, leadId } = await sentQuote();
    const res = await post(`/api/v1/customer/quotes/${quote.id}/reject`, asCustomer(customer), {
      reason: "Too expensive",
    });
    expect(res.body).toMatchObject({ status: "rejected", decision: { reason: "Too expensive" } });
    const [lead] = await useTransaction((tx) => tx.select().from(leadTable).where(eq(leadTable.id, leadId)));
    expect(lead).toMatchObject({ status: "lost", lostReason: expect.stringContaining("Too expensive") });
    expect(await count(salesOrderTable, quote.id)).toBe(0);
  });

  it("an expired quote is refused, and the job marks it expired", async () => {
    const { quote } = await sentQuote();
    await useTransaction((tx) =>
      tx.update(quoteTable).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(quoteTable.id, quote.id)),
    );
    const late = await post(`/api/v1/customer/quotes/${quote.id}/accept`, asCustomer(customer), signature);
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/expired/);
    const { expired } = await withActor(system, () => Quote.expireDue());
    expect(expired).toBeGreaterThanOrEqual(1);
    expect((await send("GET", `/api/v1/quotes/${quote.id}`, seller)).body.status).toBe("expired");
    expect((await post(`/api/v1/quotes/${quote.id}/send`, seller, {})).status).toBe(409);
  });
});

describe("quotes: the single-use link", () => {
  it("stores only the token's hash; the link answers once, and a retry of that answer changes nothing", async () => {
    const { quote } = await sentQuote(otherPersonId);
    const token = await mailedToken(quote.number);
    const stored = await useTransaction((tx) =>
      tx.select().from(quoteLinkTable).where(eq(quoteLinkTable.quoteId, quote.id)),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).not.toBe(token);
    expect(JSON.stringify(stored)).not.toContain(token);

    const view = await post("/api/v1/quote-links/view", anon, { token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ state: "open", quote: { number: quote.number, totalMinor: quote.totalMinor } });
    expect(view.body.quote).not.toHaveProperty("personId");
    const pdf = await post("/api/v1/quote-links/pdf", anon, { token });
    expect(pdf.type).toBe("application/pdf");

    const first = await post(
      "/api/v1/quote-links/accept",
      { ...anon, "user-agent": "Test browser" },
      { ...signature, token },
    );
    expect(first.status).toBe(200);
    expect(first.body.state).toBe("answered");
    const again = await post("/api/v1/quote-links/accept", anon, { ...signature, token });
    expect(again.status).toBe(200);
    expect(await count(salesOrderTable, quote.id)).toBe(1);
    // Used: it records nothing else, and shows only the outcome.
    expect((await post("/api/v1/quote-links/reject", anon, { token, reason: "no" })).status).toBe(404);
    expect((await post("/api/v1/quote-links/pdf", anon, { token })).status).toBe(404);
    const after = await post("/api/v1/quote-links/view", anon, { token });
    expect(after.body).toMatchObject({ state: "answered", quote: { status: "accepted", lines: [] } });
    const [decision] = await useTransaction((tx) =>
      tx.select().from(quoteDecisionTable).where(eq(quoteDecisionTable.quoteId, quote.id)),
    );
    expect(decision).toMatchObject({ via: "link", userId: null, userAgent: "Test browser", signatureKind: "typed" });
  });

  it("concurrent link accepts make one order; unknown and replaced links are the same 404", async () => {
    const { quote } = await sentQuote(otherPersonId);
    const oldToken = await mailedToken(quote.number);
    await post(`/api/v1/quotes/${quote.id}/send`, seller, {});
    const token = await mailedToken(quote.number);
    expect(token).not.toBe(oldToken);
    const replaced = await post("/api/v1/quote-links/view", anon, { token: oldToken });
    const unknown = await post("/api/v1/quote-links/view", anon, { token: "x".repeat(43) });
    expect(replaced.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(replaced.body.detail).toBe(unknown.body.detail);
    const answers = await Promise.all(
      [1, 2, 3].map(() => post("/api/v1/quote-links/accept", anon, { ...signature, token })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(await count(salesOrderTable, quote.id)).toBe(1);
    expect(await count(projectTable, quote.id)).toBe(1);
  });

  it("an expired link is refused", async () => {
    const { quote } = await sentQuote(otherPersonId);
    const token = await mailedToken(quote.number);
    await useTransaction((tx) =>
      tx
        .update(quoteLinkTable)
        .set({ expiresAt: sql`now() - interval '1 second'` })
        .where(eq(quoteLinkTable.quoteId, quote.id)),
    );
    expect((await post("/api/v1/quote-links/accept", anon, { ...signature, token })).status).toBe(404);
  });
});

describe("sales orders: payments drive the status", () => {
  it("records payments once per key, emits sales_order.paid once, then fulfils", async () => {
    const { quote } = await sentQuote();
    await post(`/api/v1/customer/quotes/${quote.id}/accept`, asCustomer(customer), signature);
    const [order] = await useTransaction((tx) =>
      tx.select().from(salesOrderTable).where(eq(salesOrderTable.quoteId, quote.id)),
    );
    const id = order?.id as string;
    const url = `/api/v1/sales-orders/${id}/payments`;
    const deposit = (order?.depositRequiredMinor ?? 0) / 100;
    const pay = (amount: string, key: string) =>
      post(url, seller, { amount, method: "bank_transfer", idempotencyKey: key });

    expect((await post(`/api/v1/sales-orders/${id}/fulfil`, seller, {})).status).toBe(409);
    const first = await pay(deposit.toFixed(2), "p1");
    expect(first.body).toMatchObject({
      paymentStatus: "partial",
      depositPaid: true,
      amountPaidMinor: order?.depositRequiredMinor,
    });
    const repeat = await pay(deposit.toFixed(2), "p1");
    expect(repeat.body.payments).toHaveLength(1);
    expect((await pay("999999999", "too-much")).status).toBe(400);
    expect((await pay("1.001", "odd")).status).toBe(400);
    const rest = (repeat.body.balanceDueMinor / 100).toFixed(2);
    const paid = await pay(rest, "p2");
    expect(paid.body).toMatchObject({ status: "paid", paymentStatus: "paid", balanceDueMinor: 0 });
    expect((await pay("1", "p3")).status).toBe(400);
    const events = await useTransaction((tx) =>
      tx
        .select()
        .from(outboxTable)
        .where(and(eq(outboxTable.type, "sales_order.paid"), sql`${outboxTable.payload}->>'salesOrderId' = ${id}`)),
    );
    expect(events).toHaveLength(1);
    const done = await post(`/api/v1/sales-orders/${id}/fulfil`, seller, {});
    expect(done.body.status).toBe("fulfilled");
    expect((await post(`/api/v1/sales-orders/${id}/cancel`, seller, { reason: "x" })).status).toBe(409);

    const mine = await send("GET", "/api/v1/customer/sales-orders", asCustomer(customer));
    expect(mine.body.items.map((o: { id: string }) => o.id)).toContain(id);
    const theirs = await send("GET", "/api/v1/customer/sales-orders", asCustomer(otherCustomer));
    expect(theirs.body.items.map((o: { id: string }) => o.id)).not.toContain(id);
  });

  it("waives or cancels an unpaid order", async () => {
    const { quote } = await sentQuote();
    await post(`/api/v1/customer/quotes/${quote.id}/accept`, asCustomer(customer), signature);
    const orderId = ((await send("GET", `/api/v1/quotes/${quote.id}`, seller)).body as Quote.Info)
      .salesOrderId as string;
    const waived = await post(`/api/v1/sales-orders/${orderId}/waive`, admin, { reason: "Promotion" });
    expect(waived.body).toMatchObject({
      paymentStatus: "waived",
      balanceDueMinor: 0,
      status: "confirmed",
      depositPaid: true,
    });
    expect(
      (
        await post(`/api/v1/sales-orders/${orderId}/payments`, admin, {
          amount: "1",
          method: "cash",
          idempotencyKey: "k",
        })
      ).status,
    ).toBe(409);
    const cancelled = await post(`/api/v1/sales-orders/${orderId}/cancel`, admin, { reason: "Moved away" });
    expect(cancelled.body).toMatchObject({ status: "cancelled", cancelReason: "Moved away" });
    const list = await send("GET", "/api/v1/sales-orders?status=cancelled", seller);
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(orderId);
  });
});

/** A 1×1 transparent PNG, as a canvas would export a (tiny) signature. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
