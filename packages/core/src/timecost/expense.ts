import { and, asc, desc, eq, inArray, lt, ne, or, type SQL } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { useActor } from "../platform/context";
import { createTransaction, type Transaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { cursor, day, decodeCursor, encodeCursor, id, instantText, pageLimit, text } from "../platform/input";
import { emit } from "../platform/outbox";
import { live } from "../platform/soft-delete";
import { ticketTable } from "../ticket/ticket.sql";
import * as Upload from "../upload";
import { uploadTable } from "../upload/upload.sql";
import { Events } from "./events";
import { actingUser, clientRef, currency, holdsAny, isAssigned, liveWorkOrder, minor, namesOf } from "./shared";
import {
  type ExpenseStatus,
  expenseCategories,
  expenseItemTable,
  expenseNumberSequenceTable,
  expenseRequestTable,
  expenseStatuses,
} from "./timecost.sql";

const APPROVE = "operations:expense_request:approve" as const;

export const ReceiptInfo = z.object({
  uploadId: z.uuid(),
  filename: z.string(),
  /** The type the scan detected from the bytes. */
  contentType: z.string(),
  size: z.number().int(),
});

export const ItemInfo = z.object({
  id: z.uuid(),
  category: z.enum(expenseCategories),
  description: z.string().nullable(),
  amountMinor: z.number().int(),
  currency: z.string(),
  vendor: z.string().nullable(),
  spentOn: z.iso.date().nullable(),
  receipt: ReceiptInfo.nullable(),
});

export const Info = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(expenseStatuses),
  purpose: z.string(),
  requesterId: z.uuid(),
  requesterName: z.string().nullable(),
  workOrderId: z.uuid().nullable(),
  ticketId: z.uuid().nullable(),
  projectId: z.uuid().nullable(),
  items: z.array(ItemInfo),
  /** One total per currency: amounts in different currencies are never added together. */
  totals: z.array(z.object({ currency: z.string(), amountMinor: z.number().int() })),
  submittedAt: z.iso.datetime().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decidedById: z.uuid().nullable(),
  decidedByName: z.string().nullable(),
  decisionReason: z.string().nullable(),
  paidAt: z.iso.datetime().nullable(),
  paymentReference: z.string().nullable(),
  canceledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Whether the viewer may approve or reject it now (a manager, not its requester, while submitted). */
  canDecide: z.boolean(),
});
export type Info = z.infer<typeof Info>;

export const ItemInput = z.object({
  category: z.enum(expenseCategories),
  description: text(500).optional(),
  amountMinor: minor(1),
  currency: currency(),
  vendor: text(200).optional(),
  spentOn: day().optional(),
  /** An upload of yours that passed the magic-byte check (POST /expense-requests/receipts/slots first). */
  receiptUploadId: id().optional(),
});

const Parents = {
  workOrderId: id().nullable().optional(),
  ticketId: id().nullable().optional(),
  projectId: id().nullable().optional(),
};

export const CreateInput = z.object({
  purpose: text(500),
  ...Parents,
  items: z.array(ItemInput).max(50, "must hold at most 50 items").default([]),
  /** A phone's idempotency key: the same key from the same requester answers the first request. */
  clientRef: clientRef().optional(),
  /** Submit for approval at once (a request with items only). */
  submit: z.boolean().optional(),
});

type RequestRow = typeof expenseRequestTable.$inferSelect;
type ItemRow = typeof expenseItemTable.$inferSelect;
type UploadRow = typeof uploadTable.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function load(tx: Tx, rows: RequestRow[]): Promise<Info[]> {
  if (rows.length === 0) return [];
  const items = await tx
    .select({ i: expenseItemTable, u: uploadTable })
    .from(expenseItemTable)
    .leftJoin(uploadTable, eq(uploadTable.id, expenseItemTable.receiptUploadId))
    .where(
      inArray(
        expenseItemTable.requestId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(expenseItemTable.position));
  const names = await namesOf(
    tx,
    rows.flatMap((r) => [r.requesterId, r.decidedById]),
  );
  const me = actingUser();
  const approver = holdsAny(APPROVE);
  return rows.map((r) => {
    const mine = items.filter((x) => x.i.requestId === r.id);
    const totals = new Map<string, number>();
    for (const { i } of mine) totals.set(i.currency, (totals.get(i.currency) ?? 0) + i.amountMinor);
    return {
      id: r.id,
      number: r.number,
      status: r.status,
      purpose: r.purpose,
      requesterId: r.requesterId,
      requesterName: names.get(r.requesterId) ?? null,
      workOrderId: r.workOrderId,
      ticketId: r.ticketId,
      projectId: r.projectId,
      items: mine.map(({ i, u }) => itemInfo(i, u)),
      totals: [...totals].map(([c, amountMinor]) => ({ currency: c, amountMinor })),
      submittedAt: iso(r.submittedAt),
      decidedAt: iso(r.decidedAt),
      decidedById: r.decidedById,
      decidedByName: r.decidedById ? (names.get(r.decidedById) ?? null) : null,
      decisionReason: r.decisionReason,
      paidAt: iso(r.paidAt),
      paymentReference: r.paymentReference,
      canceledAt: iso(r.canceledAt),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      canDecide: approver && r.status === "submitted" && r.requesterId !== me,
    };
  });
}

const itemInfo = (i: ItemRow, u: UploadRow | null) => ({
  id: i.id,
  category: i.category,
  description: i.description,
  amountMinor: i.amountMinor,
  currency: i.currency,
  vendor: i.vendor,
  spentOn: i.spentOn,
  receipt: u
    ? { uploadId: u.id, filename: u.filename, contentType: u.detectedType ?? u.declaredType, size: u.size ?? 0 }
    : null,
});

/** The request as the viewer may see it: its requester, or a manager (approve); anyone else: not_found. */
async function visible(tx: Tx, requestId: string, lock = false): Promise<RequestRow> {
  const query = tx.select().from(expenseRequestTable).where(eq(expenseRequestTable.id, requestId));
  const [row] = await (lock ? query.for("update") : query);
  if (!row || (row.requesterId !== actingUser() && !holdsAny(APPROVE))) {
    throw new AppError("not_found", `Expense request ${requestId} does not exist`);
  }
  return row;
}

async function nextNumber(tx: Transaction, at = new Date()): Promise<string> {
  await tx.insert(expenseNumberSequenceTable).values({ scope: "expense_request" }).onConflictDoNothing();
  const [seq] = await tx
    .select()
    .from(expenseNumberSequenceTable)
    .where(eq(expenseNumberSequenceTable.scope, "expense_request"))
    .for("update");
  if (!seq) throw new AppError("internal", "The expense number sequence is missing");
  const prefix = `EXP-${at.getUTCFullYear()}-`;
  const value = prefix === seq.prefix ? seq.nextValue : 1;
  await tx
    .update(expenseNumberSequenceTable)
    .set({ prefix, nextValue: value + 1 })
    .where(eq(expenseNumberSequenceTable.scope, "expense_request"));
  return `${prefix}${String(value).padStart(6, "0")}`;
}

/** Receipts must be the requester's own uploads that the magic-byte check accepted. */
async function checkReceipts(tx: Tx, items: z.output<typeof ItemInput>[]) {
  const ids = items.map((i) => i.receiptUploadId).filter((x): x is string => Boolean(x));
  if (ids.length === 0) return;
  const uploads = await tx.select().from(uploadTable).where(inArray(uploadTable.id, ids));
  const mine = Upload.uploaderOf(useActor());
  items.forEach((item, index) => {
    if (!item.receiptUploadId) return;
    const path = `items.${index}.receiptUploadId`;
    const upload = uploads.find((u) => u.id === item.receiptUploadId);
    if (!upload || upload.createdBy !== mine) {
      throw new AppError("validation", `${path}: is not an upload of yours`, [
        { path, message: "is not an upload of yours" },
      ]);
    }
    if (upload.status === "pending") {
      throw new AppError("conflict", `${upload.filename} is still being checked; retry in a moment`, [
        { path, message: "is still being checked" },
      ]);
    }
    if (upload.status === "rejected") {
      const reason = upload.reason ?? "the file was refused";
      throw new AppError("unsupported_media_type", `${upload.filename} was quarantined: ${reason}`, [
        { path, message: reason },
      ]);
    }
  });
}

/** The parents must exist; a requester who cannot read work orders may only name jobs assigned to them. */
async function checkParents(tx: Tx, input: { workOrderId?: string | null; ticketId?: string | null }) {
  if (input.workOrderId) {
    const workOrder = await liveWorkOrder(tx, input.workOrderId).catch(() => undefined);
    const allowed =
      workOrder && (holdsAny("operations:work_order:read") || (await isAssigned(tx, workOrder.id, actingUser())));
    if (!allowed) {
      throw new AppError("validation", "workOrderId: is not a work order of yours", [
        { path: "workOrderId", message: "is not a work order of yours" },
      ]);
    }
  }
  if (input.ticketId) {
    const [ticket] = await tx
      .select({ id: ticketTable.id })
      .from(ticketTable)
      .where(and(eq(ticketTable.id, input.ticketId), live(ticketTable)));
    if (!ticket) {
      throw new AppError("validation", "ticketId: is not a ticket", [{ path: "ticketId", message: "does not exist" }]);
    }
  }
}

async function writeItems(tx: Transaction, requestId: string, items: z.output<typeof ItemInput>[]) {
  await tx.delete(expenseItemTable).where(eq(expenseItemTable.requestId, requestId));
  if (items.length === 0) return;
  await tx.insert(expenseItemTable).values(
    items.map((item, position) => ({
      requestId,
      position,
      category: item.category,
      description: item.description ?? null,
      amountMinor: item.amountMinor,
      currency: item.currency,
      vendor: item.vendor ?? null,
      spentOn: item.spentOn ?? null,
      receiptUploadId: item.receiptUploadId ?? null,
    })),
  );
}

async function one(tx: Tx, requestId: string): Promise<Info> {
  const [row] = await tx.select().from(expenseRequestTable).where(eq(expenseRequestTable.id, requestId));
  if (!row) throw new AppError("not_found", `Expense request ${requestId} does not exist`);
  const [info] = await load(tx, [row]);
  if (!info) throw new AppError("not_found", `Expense request ${requestId} does not exist`);
  return info;
}

/** Files a claim as the signed-in user (operations:expense_request:write), as a draft or submitted at once. */
export const create = fn(CreateInput, async (input): Promise<{ request: Info; duplicate: boolean }> => {
  requirePermission("operations:expense_request:write");
  const me = actingUser();
  return createTransaction(async (tx) => {
    if (input.clientRef) {
      const [existing] = await tx
        .select()
        .from(expenseRequestTable)
        .where(and(eq(expenseRequestTable.requesterId, me), eq(expenseRequestTable.clientRef, input.clientRef)));
      if (existing) return { request: await one(tx, existing.id), duplicate: true };
    }
    if (input.submit && input.items.length === 0) throw noItems();
    await checkParents(tx, input);
    await checkReceipts(tx, input.items);
    const now = new Date();
    const values = {
      number: await nextNumber(tx, now),
      requesterId: me,
      purpose: input.purpose,
      workOrderId: input.workOrderId ?? null,
      ticketId: input.ticketId ?? null,
      projectId: input.projectId ?? null,
      clientRef: input.clientRef ?? null,
      status: (input.submit ? "submitted" : "draft") as ExpenseStatus,
      submittedAt: input.submit ? now : null,
    };
    const [row] = await tx.insert(expenseRequestTable).values(values).returning();
    if (!row) throw new AppError("internal", "The expense request was not stored");
    await writeItems(tx, row.id, input.items);
    await Audit.record({
      action: "expense_request.created",
      entityType: "expense_request",
      entityId: row.id,
      changes: Audit.diff(null, { ...values, items: input.items.length }),
    });
    if (input.submit) await emit(Events.Submitted, { requestId: row.id, number: row.number, requesterId: me });
    return { request: await one(tx, row.id), duplicate: false };
  });
});

const noItems = () =>
  new AppError("validation", "items: add at least one item before submitting", [
    { path: "items", message: "must hold at least one item to submit" },
  ]);

/** Edits a draft of yours: purpose, parents, and the items (replaced as a whole when given). */
export const update = fn(
  z.object({ id: id(), purpose: text(500).optional(), ...Parents, items: z.array(ItemInput).max(50).optional() }),
  async (input): Promise<Info> => {
    requirePermission("operations:expense_request:write");
    const me = actingUser();
    return createTransaction(async (tx) => {
      const before = await visible(tx, input.id, true);
      if (before.requesterId !== me) throw new AppError("forbidden", "Only the requester edits an expense request");
      if (before.status !== "draft") {
        throw new AppError("precondition_failed", `${before.number} is ${before.status}; only a draft can be edited`);
      }
      await checkParents(tx, input);
      if (input.items) await checkReceipts(tx, input.items);
      const after = Object.fromEntries(
        Object.entries({
          purpose: input.purpose,
          workOrderId: input.workOrderId,
          ticketId: input.ticketId,
          projectId: input.projectId,
        }).filter(([, v]) => v !== undefined),
      );
      await tx
        .update(expenseRequestTable)
        .set({ ...after, updatedAt: new Date() })
        .where(eq(expenseRequestTable.id, before.id));
      if (input.items) await writeItems(tx, before.id, input.items);
      await Audit.record({
        action: "expense_request.updated",
        entityType: "expense_request",
        entityId: before.id,
        changes: { ...Audit.diff(before, after), ...(input.items ? { items: { to: input.items.length } } : {}) },
      });
      return one(tx, before.id);
    });
  },
);

type Move = {
  from: readonly ExpenseStatus[];
  to: ExpenseStatus;
  action: Audit.Action;
  who: "requester" | "manager";
};

const moves = {
  submit: { from: ["draft"], to: "submitted", action: "expense_request.submitted", who: "requester" },
  cancel: { from: ["draft", "submitted"], to: "canceled", action: "expense_request.canceled", who: "requester" },
  approve: { from: ["submitted"], to: "approved", action: "expense_request.approved", who: "manager" },
  reject: { from: ["submitted"], to: "rejected", action: "expense_request.rejected", who: "manager" },
  pay: { from: ["approved"], to: "paid", action: "expense_request.paid", who: "manager" },
} as const satisfies Record<string, Move>;

/**
 * One status move, by a conditional update on the expected status. Asking again for the state the request
 * is already in answers it unchanged (a double click, a phone's retry); any other state is a 409.
 */
async function transition(
  requestId: string,
  move: Move,
  extra: (row: RequestRow) => Partial<RequestRow>,
  reason?: string,
): Promise<Info> {
  const me = actingUser();
  if (move.who === "manager") requirePermission(APPROVE);
  else requirePermission("operations:expense_request:write");
  return createTransaction(async (tx) => {
    const before = await visible(tx, requestId, true);
    if (move.who === "requester" && before.requesterId !== me) {
      throw new AppError("forbidden", `Only the requester may ${move.to === "canceled" ? "cancel" : "submit"} this`);
    }
    if (move.who === "manager" && before.requesterId === me) {
      throw new AppError("forbidden", "You cannot decide your own expense request; another manager must", [], {
        reason: { key: "self_approval" },
      });
    }
    if (before.status === move.to) return one(tx, before.id);
    if (!(move.from as readonly string[]).includes(before.status)) {
      throw new AppError("conflict", `${before.number} is ${before.status}; it cannot become ${move.to}`, [], {
        reason: { key: "transition_not_allowed", params: { from: before.status, to: move.to } },
      });
    }
    if (move.to === "submitted") {
      const [item] = await tx.select().from(expenseItemTable).where(eq(expenseItemTable.requestId, before.id)).limit(1);
      if (!item) throw noItems();
    }
    const set = { status: move.to, updatedAt: new Date(), ...extra(before) };
    const [row] = await tx
      .update(expenseRequestTable)
      .set(set)
      .where(and(eq(expenseRequestTable.id, before.id), eq(expenseRequestTable.status, before.status)))
      .returning();
    if (!row) throw new AppError("conflict", `${before.number} changed meanwhile; reload it`);
    await Audit.record({
      action: move.action,
      entityType: "expense_request",
      entityId: row.id,
      changes: {
        status: { from: before.status, to: row.status },
        number: { to: row.number },
        ...(reason ? { reason: { to: reason } } : {}),
      },
    });
    if (move.to === "submitted")
      await emit(Events.Submitted, { requestId: row.id, number: row.number, requesterId: me });
    if (move.to === "approved" || move.to === "rejected") {
      await emit(Events.Decided, {
        requestId: row.id,
        number: row.number,
        requesterId: row.requesterId,
        status: move.to,
        reason: reason ?? null,
      });
    }
    return one(tx, row.id);
  });
}

export const submit = fn(z.object({ id: id() }), ({ id: requestId }) =>
  transition(requestId, moves.submit, () => ({ submittedAt: new Date() })),
);

export const cancel = fn(z.object({ id: id(), reason: text(500).optional() }), ({ id: requestId, reason }) =>
  transition(requestId, moves.cancel, () => ({ canceledAt: new Date() }), reason),
);

/** A manager approves (operations:expense_request:approve), never their own request; the reason is optional. */
export const approve = fn(z.object({ id: id(), reason: text(500).optional() }), ({ id: requestId, reason }) =>
  transition(
    requestId,
    moves.approve,
    () => ({ decidedAt: new Date(), decidedById: actingUser(), decisionReason: reason ?? null }),
    reason,
  ),
);

/** A manager rejects with the reason the requester will read. */
export const reject = fn(z.object({ id: id(), reason: text(500) }), ({ id: requestId, reason }) =>
  transition(
    requestId,
    moves.reject,
    () => ({ decidedAt: new Date(), decidedById: actingUser(), decisionReason: reason }),
    reason,
  ),
);

/** Records that an approved claim was paid out (the ERP hand-off of v1 is not built). */
export const markPaid = fn(z.object({ id: id(), reference: text(100).optional() }), ({ id: requestId, reference }) =>
  transition(requestId, moves.pay, () => ({ paidAt: new Date(), paymentReference: reference ?? null }), reference),
);

export const get = fn(z.object({ id: id() }), async ({ id: requestId }) => {
  requireReader();
  return useTransaction(async (tx) => one(tx, (await visible(tx, requestId)).id));
});

function requireReader() {
  if (!holdsAny("operations:expense_request:read", "operations:expense_request:write", APPROVE)) {
    requirePermission("operations:expense_request:read");
  }
}

export const ListInput = z.object({
  /** mine: the viewer's own; queue: submitted by others, awaiting a decision; all: everyone's (managers). */
  scope: z.enum(["mine", "queue", "all"]).default("mine"),
  status: z.enum(expenseStatuses).optional(),
  workOrderId: id().optional(),
  cursor: cursor().optional(),
  limit: pageLimit(100, 25),
});

const CursorShape = z.tuple([instantText(), z.uuid()]);

/** Newest first; the queue oldest submission first would starve nobody either, but managers asked newest. */
export const list = fn(ListInput, async (input): Promise<{ items: Info[]; nextCursor: string | null }> => {
  requireReader();
  const me = actingUser();
  if (input.scope !== "mine") requirePermission(APPROVE);
  const where: (SQL | undefined)[] = [
    input.scope === "mine" ? eq(expenseRequestTable.requesterId, me) : undefined,
    input.scope === "queue"
      ? and(eq(expenseRequestTable.status, "submitted"), ne(expenseRequestTable.requesterId, me))
      : undefined,
    input.status ? eq(expenseRequestTable.status, input.status) : undefined,
    input.workOrderId ? eq(expenseRequestTable.workOrderId, input.workOrderId) : undefined,
  ];
  if (input.cursor) {
    const [at, lastId] = decodeCursor(input.cursor, CursorShape);
    const when = new Date(at);
    where.push(
      or(
        lt(expenseRequestTable.createdAt, when),
        and(eq(expenseRequestTable.createdAt, when), lt(expenseRequestTable.id, lastId)),
      ),
    );
  }
  return useTransaction(async (tx) => {
    const rows = await tx
      .select()
      .from(expenseRequestTable)
      .where(and(...where))
      .orderBy(desc(expenseRequestTable.createdAt), desc(expenseRequestTable.id))
      .limit(input.limit + 1);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      items: await load(tx, page),
      nextCursor: rows.length > input.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  });
});

export const SlotInfo = z.object({
  uploadId: z.uuid(),
  /** POST multipart/form-data here: every entry of `fields` first, then the file as `file`. */
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  maxBytes: z.number().int(),
  expiresAt: z.iso.datetime(),
});

/** An upload slot for a receipt (PNG, JPEG, WebP, GIF or PDF; checked by its bytes when it lands). */
export const receiptSlot = fn(Upload.createSlot.schema, async (input): Promise<z.infer<typeof SlotInfo>> => {
  requirePermission("operations:expense_request:write");
  actingUser();
  const slot = await Upload.createSlot(input);
  return { uploadId: slot.id, url: slot.url, fields: slot.fields, maxBytes: input.size, expiresAt: slot.expiresAt };
});

/** A one-minute link to an item's receipt, for its requester and managers. */
export const receiptUrl = fn(z.object({ id: id(), itemId: id() }), async ({ id: requestId, itemId }) => {
  requireReader();
  const uploadId = await useTransaction(async (tx) => {
    await visible(tx, requestId);
    const [item] = await tx
      .select()
      .from(expenseItemTable)
      .where(and(eq(expenseItemTable.id, itemId), eq(expenseItemTable.requestId, requestId)));
    if (!item?.receiptUploadId) throw new AppError("not_found", `Item ${itemId} has no receipt`);
    return item.receiptUploadId;
  });
  const expiresAt = new Date(Date.now() + Upload.DOWNLOAD_TTL_SECONDS * 1000).toISOString();
  return { url: await Upload.downloadUrl(uploadId), expiresAt };
});

export const categories = () => [...expenseCategories];
