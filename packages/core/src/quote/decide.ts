import { and, desc, eq, inArray } from "drizzle-orm";
import * as z from "zod";
import * as Audit from "../audit";
import { hashToken } from "../auth/token";
import * as Person from "../person";
import { personTable } from "../person/person.sql";
import { useActor, useRequestMeta, withActor } from "../platform/context";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import * as Sales from "../sales";
import { Events } from "./events";
import { orderFromQuote } from "./order";
import { quoteDecisionTable, quoteLinkTable, quoteTable } from "./quote.sql";
import { type QuoteFile, renderQuotePdf } from "./send";
import { customerPersonIds, customerQuote, type Info, infoOf, type QuoteRow } from "./shared";
import { quoteStatuses, signatureKinds } from "./values";

/** What a customer sees of a quote: no owner, lead, reseller or the address it was answered from. */
export const CustomerInfo = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(quoteStatuses),
  personName: z.string(),
  currency: z.string(),
  grossMinor: z.number().int(),
  discountMinor: z.number().int(),
  netMinor: z.number().int(),
  taxMinor: z.number().int(),
  totalMinor: z.number().int(),
  depositBp: z.number().int(),
  depositMinor: z.number().int(),
  expiresAt: z.string(),
  termsVersion: z.string(),
  notes: z.string().nullable(),
  sentAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  lines: z.array(
    z.object({
      id: z.string(),
      description: z.string(),
      quantity: z.number().int(),
      unitPriceMinor: z.number().int(),
      discountBp: z.number().int(),
      taxRateBp: z.number().int(),
      netMinor: z.number().int(),
      taxMinor: z.number().int(),
      totalMinor: z.number().int(),
    }),
  ),
  decision: z
    .object({
      decision: z.enum(["accepted", "rejected"]),
      signerName: z.string(),
      reason: z.string().nullable(),
      decidedAt: z.string(),
    })
    .nullable(),
  salesOrderId: z.string().nullable(),
});
export type CustomerInfo = z.infer<typeof CustomerInfo>;

const forCustomer = (q: Info): CustomerInfo => ({
  id: q.id,
  number: q.number,
  title: q.title,
  status: q.status,
  personName: q.personName,
  currency: q.currency,
  grossMinor: q.grossMinor,
  discountMinor: q.discountMinor,
  netMinor: q.netMinor,
  taxMinor: q.taxMinor,
  totalMinor: q.totalMinor,
  depositBp: q.depositBp,
  depositMinor: q.depositMinor,
  expiresAt: q.expiresAt,
  termsVersion: q.termsVersion,
  notes: q.notes,
  sentAt: q.sentAt,
  decidedAt: q.decidedAt,
  lines: q.lines.map(
    ({ id, description, quantity, unitPriceMinor, discountBp, taxRateBp, netMinor, taxMinor, totalMinor }) => ({
      id,
      description,
      quantity,
      unitPriceMinor,
      discountBp,
      taxRateBp,
      netMinor,
      taxMinor,
      totalMinor,
    }),
  ),
  decision: q.decision
    ? {
        decision: q.decision.decision,
        signerName: q.decision.signerName,
        reason: q.decision.reason,
        decidedAt: q.decision.decidedAt,
      }
    : null,
  salesOrderId: q.salesOrderId,
});

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SIGNATURE_MAX_BYTES = 150_000;

export const AcceptFields = z.object({
  /** The name the customer signs with. */
  signerName: text(200),
  signatureKind: z.enum(signatureKinds),
  /** A drawn signature: the canvas as a PNG data URL (`data:image/png;base64,…`) or bare base64. */
  signaturePng: z
    .string()
    .max(Math.ceil((SIGNATURE_MAX_BYTES * 4) / 3) + 64)
    .optional(),
  /** The terms version shown to the customer; a quote whose terms changed since is refused. */
  termsVersion: text(50),
});
export const RejectFields = z.object({ reason: text(1000) });

type AcceptInput = z.output<typeof AcceptFields>;
type Decision = { decision: "accepted"; input: AcceptInput } | { decision: "rejected"; reason: string };

const invalid = (path: string, message: string) =>
  new AppError("validation", `${path}: ${message}`, [{ path, message }]);

/** The drawn signature's bytes as stored (base64), after checking it is a PNG of bounded size. */
function signatureOf(input: AcceptInput): string | null {
  if (input.signatureKind === "typed") return null;
  if (!input.signaturePng) throw invalid("signaturePng", "is required for a drawn signature");
  const base64 = input.signaturePng.replace(/^data:image\/png;base64,/, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw invalid("signaturePng", "must be a base64 PNG");
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length > SIGNATURE_MAX_BYTES) throw invalid("signaturePng", `must be at most ${SIGNATURE_MAX_BYTES} bytes`);
  if (bytes.length < 67 || !bytes.subarray(0, 8).equals(PNG_MAGIC)) throw invalid("signaturePng", "is not a PNG image");
  return bytes.toString("base64");
}

const closed = (quote: QuoteRow, why: string, key: string) =>
  new AppError("conflict", `Quote ${quote.number} ${why}`, [], { reason: { key, params: { status: quote.status } } });

/** Runs the acceptance's steps that belong to other domains as the quote's own system actor. */
const asAcceptance = <T>(work: () => Promise<T>) =>
  withActor({ type: "system", properties: { job: "quote.accept" } }, work, useRequestMeta());

/**
 * Records the customer's answer on a locked quote, once. Accepting, in the same transaction: the person
 * becomes a customer, the lead is won, the order is created from the lines and the project from the
 * quote's type. A repeat of the recorded answer returns it unchanged; the other answer is a conflict.
 */
async function decide(tx: Transaction, quote: QuoteRow, answer: Decision, via: "portal" | "link"): Promise<Info> {
  const [earlier] = await tx.select().from(quoteDecisionTable).where(eq(quoteDecisionTable.quoteId, quote.id));
  if (earlier) {
    if (earlier.decision === answer.decision) return infoOf(tx, quote);
    throw closed(quote, `was already ${earlier.decision}`, "quote_decided");
  }
  if (quote.status === "expired" || (quote.status === "sent" && quote.expiresAt <= new Date())) {
    throw closed(
      quote,
      `expired on ${quote.expiresAt.toISOString().slice(0, 10)}: ask us for a new quote`,
      "quote_expired",
    );
  }
  if (quote.status !== "sent") throw closed(quote, `is ${quote.status}`, "quote_closed");
  const actor = useActor();
  const request = useRequestMeta();
  const signature = answer.decision === "accepted" ? signatureOf(answer.input) : null;
  if (answer.decision === "accepted" && answer.input.termsVersion !== quote.termsVersion) {
    throw new AppError(
      "conflict",
      `The terms changed (now version ${quote.termsVersion}): reload the quote and read them again`,
      [{ path: "termsVersion", message: `is not the quote's terms version ${quote.termsVersion}` }],
      { reason: { key: "terms_changed" } },
    );
  }
  const [person] = await tx.select().from(personTable).where(eq(personTable.id, quote.personId));
  const now = new Date();
  await tx.insert(quoteDecisionTable).values({
    quoteId: quote.id,
    decision: answer.decision,
    via,
    userId: actor.type === "user" ? actor.properties.userId : null,
    signerName: answer.decision === "accepted" ? answer.input.signerName : (person?.displayName ?? ""),
    signatureKind: answer.decision === "accepted" ? answer.input.signatureKind : null,
    signaturePng: signature,
    termsVersion: quote.termsVersion,
    reason: answer.decision === "rejected" ? answer.reason : null,
    ip: request.ip ?? null,
    userAgent: request.userAgent?.slice(0, 500) ?? null,
    decidedAt: now,
  });
  const [row] = (await tx
    .update(quoteTable)
    .set({ status: answer.decision, decidedAt: now })
    .where(eq(quoteTable.id, quote.id))
    .returning()) as [QuoteRow];
  // Whoever holds the emailed link is anonymous: the audit row names the quote's person instead.
  const auditActor = Audit.currentActor();
  const label =
    auditActor.type === "public" ? { ...auditActor, label: person?.email ?? person?.displayName ?? null } : auditActor;
  if (answer.decision === "rejected") {
    if (row.leadId) {
      const leadId = row.leadId;
      await asAcceptance(() =>
        Sales.markLost({ id: leadId, reason: `Quote ${row.number} declined: ${answer.reason}`.slice(0, 500) }),
      );
    }
    await emit(Events.Rejected, { quoteId: row.id, reason: answer.reason });
    await Audit.record({
      action: "quote.rejected",
      entityType: "quote",
      entityId: row.id,
      changes: { status: { from: "sent", to: "rejected" }, reason: { to: answer.reason }, via: { to: via } },
      actor: label,
    });
    return infoOf(tx, row);
  }
  const projectId = await asAcceptance(async () => {
    if (person && (person.partyStatus === "lead" || person.partyStatus === "contact")) {
      await Person.changeStatus({ personId: person.id, to: "customer", reason: `Accepted quote ${row.number}` });
    }
    if (row.leadId) await Sales.markWon({ id: row.leadId });
    const { order } = await orderFromQuote(tx, row);
    if (!row.projectType) return { orderId: order.id, projectId: null };
    const Project = await import("../project");
    const project = await Project.createForOrder({
      projectType: row.projectType,
      name: `${row.title} (${order.number})`,
      personId: row.personId,
      leadId: row.leadId,
      quoteId: row.id,
      salesOrderId: order.id,
    });
    return { orderId: order.id, projectId: project.id };
  });
  await emit(Events.Accepted, { quoteId: row.id, salesOrderId: projectId.orderId, projectId: projectId.projectId });
  await Audit.record({
    action: "quote.accepted",
    entityType: "quote",
    entityId: row.id,
    changes: {
      status: { from: "sent", to: "accepted" },
      via: { to: via },
      signerName: { to: answer.input.signerName },
      signatureKind: { to: answer.input.signatureKind },
      termsVersion: { to: quote.termsVersion },
      salesOrderId: { to: projectId.orderId },
      projectId: { to: projectId.projectId },
    },
    actor: label,
  });
  return infoOf(tx, row);
}

/* ---------- the customer portal ---------- */

/** The signed-in customer's quotes (sent or answered), newest first. */
export const listMine = fn(
  z.object({}).optional(),
  async (): Promise<CustomerInfo[]> =>
    createTransaction(async (tx) => {
      const { personIds } = await customerPersonIds(tx);
      if (personIds.length === 0) return [];
      const rows = await tx
        .select()
        .from(quoteTable)
        .where(
          and(
            inArray(quoteTable.personId, personIds),
            inArray(quoteTable.status, ["sent", "accepted", "rejected", "expired"]),
            live(quoteTable),
          ),
        )
        .orderBy(desc(quoteTable.id))
        .limit(100);
      return Promise.all(rows.map(async (r) => forCustomer(await infoOf(tx, r))));
    }),
);

/** One of the customer's own quotes; another customer's is not_found, like a missing id. */
export const getMine = fn(
  id(),
  async (quoteId): Promise<CustomerInfo> =>
    createTransaction(async (tx) => forCustomer(await infoOf(tx, await customerQuote(tx, quoteId)))),
);

/** The PDF of one of the customer's own quotes. */
export const pdfMine = fn(
  id(),
  async (quoteId): Promise<QuoteFile> =>
    renderQuotePdf(await createTransaction(async (tx) => infoOf(tx, await customerQuote(tx, quoteId)))),
);

/** The customer accepts their own quote with a signature. Retried or concurrent, it happens once. */
export const acceptMine = fn(
  AcceptFields.extend({ id: id() }),
  async ({ id: quoteId, ...input }): Promise<CustomerInfo> =>
    createTransaction(async (tx) =>
      forCustomer(await decide(tx, await customerQuote(tx, quoteId, true), { decision: "accepted", input }, "portal")),
    ),
);

/** The customer declines their own quote with a reason; the lead is lost with it. */
export const rejectMine = fn(
  RejectFields.extend({ id: id() }),
  async ({ id: quoteId, reason }): Promise<CustomerInfo> =>
    createTransaction(async (tx) =>
      forCustomer(await decide(tx, await customerQuote(tx, quoteId, true), { decision: "rejected", reason }, "portal")),
    ),
);

/* ---------- the emailed single-use link ---------- */

const Token = text(200, { min: 20 });

/** Every link that cannot answer (unknown, replaced, expired) gets the same 404: no oracle. */
const invalidLink = () =>
  new AppError("not_found", "This quote link is not valid any more; ask us for a new one", [
    { path: "token", message: "is not a current quote link" },
  ]);

type LinkRow = typeof quoteLinkTable.$inferSelect;

/**
 * The link and its quote. A used link still shows the answer it recorded (and a retry of that answer
 * is a no-op), but cannot record another; a replaced or expired unused link is gone.
 */
async function byToken(tx: Transaction, token: string, lock: boolean): Promise<{ link: LinkRow; quote: QuoteRow }> {
  const query = tx
    .select({ link: quoteLinkTable, quote: quoteTable })
    .from(quoteLinkTable)
    .innerJoin(quoteTable, eq(quoteTable.id, quoteLinkTable.quoteId))
    .where(and(eq(quoteLinkTable.tokenHash, hashToken(token)), live(quoteTable)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw invalidLink();
  if (!row.link.usedAt && (row.link.revokedAt || row.link.expiresAt <= new Date())) throw invalidLink();
  return row;
}

export const LinkView = z.object({
  /** `answered`: this link was used; only the outcome is shown. */
  state: z.enum(["open", "answered", "closed"]),
  quote: CustomerInfo,
});
export type LinkView = z.infer<typeof LinkView>;

async function linkView(tx: Transaction, link: LinkRow, quote: QuoteRow): Promise<LinkView> {
  const info = forCustomer(await infoOf(tx, quote));
  if (link.usedAt) return { state: "answered", quote: { ...info, lines: [], notes: null } };
  return { state: quote.status === "sent" && quote.expiresAt > new Date() ? "open" : "closed", quote: info };
}

/** What a quote link shows. Public: the token is the credential. */
export const viewByLink = fn(
  z.object({ token: Token }),
  async ({ token }): Promise<LinkView> =>
    createTransaction(async (tx) => {
      const { link, quote } = await byToken(tx, token, false);
      return linkView(tx, link, quote);
    }),
);

/** The PDF through the link, while it is unused. */
export const pdfByLink = fn(z.object({ token: Token }), async ({ token }): Promise<QuoteFile> => {
  const info = await createTransaction(async (tx) => {
    const { link, quote } = await byToken(tx, token, false);
    if (link.usedAt) throw invalidLink();
    return infoOf(tx, quote);
  });
  return renderQuotePdf(info);
});

async function answerByLink(token: string, answer: Decision): Promise<LinkView> {
  return createTransaction(async (tx) => {
    // FOR UPDATE over the join locks the link and its quote: a concurrent answer waits, then sees this one.
    const { link, quote: locked } = await byToken(tx, token, true);
    if (link.usedAt) {
      // The same answer again (a retried request) is a no-op; the link records nothing else.
      const [earlier] = await tx.select().from(quoteDecisionTable).where(eq(quoteDecisionTable.quoteId, locked.id));
      if (earlier?.decision === answer.decision) return linkView(tx, link, locked);
      throw invalidLink();
    }
    await decide(tx, locked, answer, "link");
    const [used] = (await tx
      .update(quoteLinkTable)
      .set({ usedAt: new Date() })
      .where(eq(quoteLinkTable.id, link.id))
      .returning()) as [LinkRow];
    const [after] = (await tx.select().from(quoteTable).where(eq(quoteTable.id, locked.id))) as [QuoteRow];
    return linkView(tx, used, after);
  });
}

/** Accepts through the link with a signature. Public: the token is the credential; single use. */
export const acceptByLink = fn(
  AcceptFields.extend({ token: Token }),
  async ({ token, ...input }): Promise<LinkView> => answerByLink(token, { decision: "accepted", input }),
);

/** Declines through the link with a reason. Public; single use. */
export const rejectByLink = fn(
  RejectFields.extend({ token: Token }),
  async ({ token, reason }): Promise<LinkView> => answerByLink(token, { decision: "rejected", reason }),
);
