import { and, asc, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, int, key, text } from "../platform/input";
import { nextInSeries } from "../ticket/numbering";
import {
  inventoryItemTable,
  inventoryLocationTable,
  materialRequestItemTable,
  materialRequestTable,
  type RequestStatus,
  requestStatuses,
} from "./inventory.sql";
import { actingUserId, itemOf, locationOf, vanOf, workOrderOf } from "./shared";
import { transferIn } from "./stock";

const r = materialRequestTable;
type RequestRow = typeof r.$inferSelect;
const SERIES = { scope: "material_request", pattern: "MR-{YYYY}-", padding: 5 };

export const MaterialRequestInfo = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(requestStatuses),
  requestedById: z.string(),
  requestedByName: z.string().nullable(),
  workOrderId: z.string().nullable(),
  fromLocationId: z.string(),
  fromLocationName: z.string(),
  toLocationId: z.string(),
  toLocationName: z.string(),
  note: z.string().nullable(),
  decidedById: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  submittedAt: z.string().nullable(),
  issuedAt: z.string().nullable(),
  fulfilledAt: z.string().nullable(),
  canceledAt: z.string().nullable(),
  createdAt: z.string(),
  items: z.array(
    z.object({
      itemId: z.string(),
      sku: z.string(),
      name: z.string(),
      unit: z.string(),
      serialized: z.boolean(),
      quantity: z.number().int(),
      serials: z.array(z.string()),
    }),
  ),
});
export type MaterialRequestInfo = z.infer<typeof MaterialRequestInfo>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

async function toInfos(tx: Tx, rows: RequestRow[]): Promise<MaterialRequestInfo[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((x) => x.id);
  const items = await tx
    .select({
      requestId: materialRequestItemTable.requestId,
      itemId: materialRequestItemTable.itemId,
      sku: inventoryItemTable.sku,
      name: inventoryItemTable.name,
      unit: inventoryItemTable.unit,
      serialized: inventoryItemTable.serialized,
      quantity: materialRequestItemTable.quantity,
      serials: materialRequestItemTable.serials,
    })
    .from(materialRequestItemTable)
    .innerJoin(inventoryItemTable, eq(inventoryItemTable.id, materialRequestItemTable.itemId))
    .where(inArray(materialRequestItemTable.requestId, ids))
    .orderBy(asc(inventoryItemTable.sku));
  const locationIds = [...new Set(rows.flatMap((x) => [x.fromLocationId, x.toLocationId]))];
  const locations = await tx
    .select({ id: inventoryLocationTable.id, name: inventoryLocationTable.name })
    .from(inventoryLocationTable)
    .where(inArray(inventoryLocationTable.id, locationIds));
  const users = await tx
    .select({ id: userTable.id, name: userTable.displayName, email: userTable.email })
    .from(userTable)
    .where(inArray(userTable.id, [...new Set(rows.map((x) => x.requestedById))]));
  const locationName = new Map(locations.map((l) => [l.id, l.name]));
  const userName = new Map(users.map((u) => [u.id, u.name || u.email]));
  return rows.map((x) => ({
    id: x.id,
    number: x.number,
    status: x.status as RequestStatus,
    requestedById: x.requestedById,
    requestedByName: userName.get(x.requestedById) ?? null,
    workOrderId: x.workOrderId,
    fromLocationId: x.fromLocationId,
    fromLocationName: locationName.get(x.fromLocationId) ?? "",
    toLocationId: x.toLocationId,
    toLocationName: locationName.get(x.toLocationId) ?? "",
    note: x.note,
    decidedById: x.decidedById,
    decidedAt: iso(x.decidedAt),
    decisionNote: x.decisionNote,
    submittedAt: iso(x.submittedAt),
    issuedAt: iso(x.issuedAt),
    fulfilledAt: iso(x.fulfilledAt),
    canceledAt: iso(x.canceledAt),
    createdAt: x.createdAt.toISOString(),
    items: items.filter((i) => i.requestId === x.id).map(({ requestId: _, ...i }) => i),
  }));
}

const one = async (tx: Tx, row: RequestRow) => (await toInfos(tx, [row]))[0] as MaterialRequestInfo;

/** Whoever approves or issues sees every request; anyone else their own. */
const seesAll = () => holds("operations:material_request:approve") || holds("inventory:write");

async function requestOf(tx: Tx, requestId: string, lock = false): Promise<RequestRow> {
  requirePermission("operations:material_request:read");
  const query = tx.select().from(r).where(eq(r.id, requestId));
  const [row] = lock ? await query.for("update") : await query;
  if (!row || (!seesAll() && row.requestedById !== actingUserId())) {
    throw new AppError("not_found", `Material request ${requestId} does not exist`);
  }
  return row;
}

const RequestItems = z
  .array(z.object({ itemId: id(), quantity: int(1, 100_000) }))
  .min(1)
  .max(100)
  .refine((items) => new Set(items.map((i) => i.itemId)).size === items.length, "lists an item twice");

export const create = fn(
  z.object({
    fromLocationId: id(),
    /** By default the requester's van. */
    toLocationId: id().optional(),
    workOrderId: id().optional(),
    note: text(2000).optional(),
    items: RequestItems,
    /** Submit at once instead of keeping a draft. */
    submit: z.boolean().default(false),
    /**
     * The requester's own id for this request (an offline outbox sends it): the same ref from the same
     * person answers the request it first made, whatever else the resend says.
     */
    clientRef: key(100).optional(),
  }),
  async (input): Promise<MaterialRequestInfo> => {
    requirePermission("operations:material_request:write");
    const me = actingUserId();
    if (!me) throw new AppError("forbidden", "Material requests are made by signed-in staff");
    return createTransaction(async (tx) => {
      if (input.clientRef) {
        // Two resends racing: the second waits here, then finds the first's row.
        await tx.execute(
          sql`select pg_advisory_xact_lock(hashtextextended(${`material_request:${me}:${input.clientRef}`}, 0))`,
        );
        const [earlier] = await tx
          .select()
          .from(r)
          .where(and(eq(r.requestedById, me), eq(r.clientRef, input.clientRef)));
        if (earlier) return one(tx, earlier);
      }
      let toLocationId = input.toLocationId;
      if (!toLocationId) {
        const van = await vanOf(tx, me);
        if (!van) {
          throw new AppError("validation", "Invalid input: toLocationId: you have no van; say where the stock goes", [
            { path: "toLocationId", message: "is required when you have no van" },
          ]);
        }
        toLocationId = van.id;
      }
      if (toLocationId === input.fromLocationId) {
        throw new AppError("validation", "Invalid input: toLocationId: must differ from fromLocationId", [
          { path: "toLocationId", message: "must differ from the source" },
        ]);
      }
      await locationOf(tx, input.fromLocationId);
      await locationOf(tx, toLocationId);
      if (input.workOrderId) await workOrderOf(tx, input.workOrderId);
      for (const i of input.items) await itemOf(tx, i.itemId);
      const now = new Date();
      const [row] = await tx
        .insert(r)
        .values({
          number: await nextInSeries(tx, SERIES, now),
          status: input.submit ? "submitted" : "draft",
          submittedAt: input.submit ? now : null,
          requestedById: me,
          workOrderId: input.workOrderId ?? null,
          fromLocationId: input.fromLocationId,
          toLocationId,
          note: input.note ?? null,
          clientRef: input.clientRef ?? null,
        })
        .returning();
      if (!row) throw new AppError("internal", "The request was not stored");
      await tx.insert(materialRequestItemTable).values(input.items.map((i) => ({ ...i, requestId: row.id })));
      await Audit.record({ action: "material_request.created", entityType: "material_request", entityId: row.id });
      return one(tx, row);
    });
  },
);

export const get = fn(
  id(),
  async (requestId): Promise<MaterialRequestInfo> =>
    useTransaction(async (tx) => one(tx, await requestOf(tx, requestId))),
);

export const SourceInfo = z.object({ id: z.string(), name: z.string(), kind: z.literal("warehouse") });
export type SourceInfo = z.infer<typeof SourceInfo>;

/**
 * Where a requester may ask stock from: the warehouses, by id and name only (not what they hold, which
 * stays behind inventory:read). Anyone who may make a request may list them.
 */
export const sources = fn(z.object({}).default({}), async (): Promise<{ items: SourceInfo[] }> => {
  requirePermission("operations:material_request:write");
  const rows = await useTransaction((tx) =>
    tx
      .select({ id: inventoryLocationTable.id, name: inventoryLocationTable.name })
      .from(inventoryLocationTable)
      .where(and(eq(inventoryLocationTable.kind, "warehouse"), isNull(inventoryLocationTable.deletedAt)))
      .orderBy(asc(inventoryLocationTable.name))
      .limit(500),
  );
  return { items: rows.map((x) => ({ ...x, kind: "warehouse" as const })) };
});

export const list = fn(
  z
    .object({
      status: z.enum(requestStatuses).optional(),
      mine: z.boolean().default(false),
      limit: int(1, 200).default(100),
    })
    .default({ mine: false, limit: 100 }),
  async (f): Promise<{ items: MaterialRequestInfo[] }> => {
    requirePermission("operations:material_request:read");
    const me = actingUserId();
    const conditions: (SQL | undefined)[] = [f.status ? eq(r.status, f.status) : undefined];
    if (f.mine || !seesAll()) conditions.push(eq(r.requestedById, me ?? "00000000-0000-0000-0000-000000000000"));
    return useTransaction(async (tx) => {
      const rows = await tx
        .select()
        .from(r)
        .where(and(...conditions))
        .orderBy(desc(r.createdAt), desc(r.id))
        .limit(f.limit);
      return { items: await toInfos(tx, rows) };
    });
  },
);

type Step = "submit" | "approve" | "reject" | "issue" | "fulfill" | "cancel";
const from: Record<Step, RequestStatus[]> = {
  submit: ["draft"],
  approve: ["submitted"],
  reject: ["submitted"],
  issue: ["approved"],
  fulfill: ["issued"],
  cancel: ["draft", "submitted", "approved"],
};

/**
 * Moves a request one step, under a row lock: a repeated step (a double click) answers the request as
 * it is; a step from the wrong status says what the request is now.
 */
async function step(
  requestId: string,
  name: Step,
  to: RequestStatus,
  act: (tx: Tx, row: RequestRow) => Promise<Partial<RequestRow>>,
): Promise<MaterialRequestInfo> {
  return createTransaction(async (tx) => {
    const row = await requestOf(tx, requestId, true);
    if (row.status === to) return one(tx, row);
    if (!from[name].includes(row.status as RequestStatus)) {
      throw new AppError(
        "precondition_failed",
        `Material request ${row.number} is ${row.status}: it can be ${name === "cancel" ? "canceled" : `${name}d`} only when ${from[name].join(" or ")}`,
      );
    }
    const patch = await act(tx, row);
    const [updated] = await tx
      .update(r)
      .set({ ...patch, status: to })
      .where(eq(r.id, row.id))
      .returning();
    await Audit.record({
      action: "material_request.status_changed",
      entityType: "material_request",
      entityId: row.id,
      changes: { status: { from: row.status, to } },
    });
    return one(tx, updated as RequestRow);
  });
}

function requireOwnOrWrite(row: RequestRow) {
  if (row.requestedById === actingUserId()) return;
  requirePermission("inventory:write");
}

export const submit = fn(id(), (requestId) =>
  step(requestId, "submit", "submitted", async (_tx, row) => {
    requireOwnOrWrite(row);
    return { submittedAt: new Date() };
  }),
);

const Decision = z.object({ id: id(), note: text(2000).optional() });

export const approve = fn(Decision, ({ id, note }) =>
  step(id, "approve", "approved", async () => {
    requirePermission("operations:material_request:approve");
    return { decidedById: actingUserId(), decidedAt: new Date(), decisionNote: note ?? null };
  }),
);

export const reject = fn(z.object({ id: id(), note: text(2000) }), ({ id, note }) =>
  step(id, "reject", "rejected", async () => {
    requirePermission("operations:material_request:approve");
    return { decidedById: actingUserId(), decidedAt: new Date(), decisionNote: note };
  }),
);

/**
 * Issues an approved request: its items move from the source to the destination as one transfer.
 * Serialized items need their serials (units at the source), given here.
 */
export const issue = fn(
  z.object({
    id: id(),
    serials: z
      .array(z.object({ itemId: id(), serials: z.array(text(100)).min(1).max(1000) }))
      .max(100)
      .default([]),
  }),
  ({ id, serials }) =>
    step(id, "issue", "issued", async (tx, row) => {
      requirePermission("inventory:write");
      const items = await tx
        .select()
        .from(materialRequestItemTable)
        .where(eq(materialRequestItemTable.requestId, row.id));
      const byItem = new Map(serials.map((x) => [x.itemId, x.serials]));
      const lines = items.map((i) => ({ itemId: i.itemId, quantity: i.quantity, serials: byItem.get(i.itemId) ?? [] }));
      await transferIn(
        tx,
        {
          fromLocationId: row.fromLocationId,
          toLocationId: row.toLocationId,
          lines,
          reason: `Material request ${row.number}`,
        },
        row.id,
      );
      for (const l of lines) {
        if (l.serials.length) {
          await tx
            .update(materialRequestItemTable)
            .set({ serials: l.serials })
            .where(and(eq(materialRequestItemTable.requestId, row.id), eq(materialRequestItemTable.itemId, l.itemId)));
        }
      }
      return { issuedAt: new Date() };
    }),
);

/** The requester (or a storekeeper) confirms the stock arrived. */
export const fulfill = fn(id(), (requestId) =>
  step(requestId, "fulfill", "fulfilled", async (_tx, row) => {
    requireOwnOrWrite(row);
    return { fulfilledAt: new Date() };
  }),
);

export const cancel = fn(id(), (requestId) =>
  step(requestId, "cancel", "canceled", async (_tx, row) => {
    if (row.requestedById !== actingUserId()) requirePermission("operations:material_request:approve");
    return { canceledAt: new Date() };
  }),
);
