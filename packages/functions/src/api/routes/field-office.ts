import * as Field from "@dotmac/core/field";
import * as Inventory from "@dotmac/core/inventory";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

/** v1's technician app: stock look-ups and material requests (inventory's verbs, v1's snake_case). */

/** A literal path type, so the portal's typed client keeps every route apart. */
const p = <P extends string>(path: P): `/api/v1/field${P}` => `/api/v1/field${path}`;
const errors = problemResponses(400, 401, 403, 404, 409, 412);
const Loose = z.record(z.string(), z.unknown());
const Items = z.object({ items: z.array(Loose) });

const items = createRoute({
  method: "get",
  path: p("/inventory/items"),
  summary: "Items by name or SKU; with source_location_id, what is available there",
  request: {
    query: z.object({
      q: z.string().max(100).optional(),
      source_location_id: z.uuid().optional(),
      limit: z.coerce.number().int().min(1).max(500).default(30),
    }),
  },
  responses: { 200: json(Items, "Items"), ...errors },
});

const locations = createRoute({
  method: "get",
  path: p("/inventory/locations"),
  summary: "Stock locations the caller may draw from (warehouses; a technician's own van)",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: { 200: json(Items, "Locations"), ...errors },
});

const requests = createRoute({
  method: "get",
  path: p("/material-requests"),
  summary: "The caller's material requests",
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) }) },
  responses: { 200: json(Items, "Requests"), ...errors },
});

const request = createRoute({
  method: "get",
  path: p("/material-requests/{id}"),
  summary: "One material request",
  request: { params: IdParam },
  responses: { 200: json(Loose, "The request"), ...errors },
});

const CreateBody = z
  .object({
    priority: z.string().max(20).optional(),
    notes: z.string().max(2000).nullish(),
    work_order_id: z.uuid().nullish(),
    source_location_id: z.uuid({ message: "choose the location the stock comes from" }),
    destination_location_id: z.uuid().nullish(),
    items: z
      .array(
        z.object({
          item_id: z.uuid(),
          quantity: z.number().int().min(1).max(100_000),
          notes: z.string().max(500).nullish(),
        }),
      )
      .min(1)
      .max(100),
    submit: z.boolean().default(true),
  })
  .openapi("FieldMaterialRequestCreate");

const create = createRoute({
  method: "post",
  path: p("/material-requests"),
  summary: "Ask the store for stock (submitted at once unless submit=false)",
  request: { body: body(CreateBody) },
  responses: { 201: json(Loose, "The request"), ...errors },
});

const outboxSubmit = createRoute({
  method: "post",
  path: p("/material-requests/submit"),
  summary: "The offline outbox's request: the same client_ref again answers the first request",
  request: {
    body: body(CreateBody.extend({ client_ref: z.string().min(1).max(100) }).openapi("FieldMaterialRequestOutbox")),
  },
  responses: { 201: json(Loose, "The request"), ...errors },
});

const submit = createRoute({
  method: "post",
  path: p("/material-requests/{id}/submit"),
  summary: "Submit a draft material request",
  request: { params: IdParam },
  responses: { 200: json(Loose, "The request"), ...errors },
});

type Request = Inventory.MaterialRequestInfo;

/** v1's MaterialRequest: decisions split back into approved/rejected by status. */
export const materialRequest = (r: Request) => ({
  id: r.id,
  number: r.number,
  status: r.status,
  priority: null,
  notes: r.note,
  work_order_id: r.workOrderId,
  project_id: null,
  ticket_id: null,
  source_location_id: r.fromLocationId,
  source_location_name: r.fromLocationName,
  destination_location_id: r.toLocationId,
  destination_location_name: r.toLocationName,
  approval_notes: r.status !== "rejected" ? r.decisionNote : null,
  rejection_reason: r.status === "rejected" ? r.decisionNote : null,
  issue_notes: null,
  created_at: r.createdAt,
  submitted_at: r.submittedAt,
  approved_at: r.status !== "rejected" && r.decidedAt ? r.decidedAt : null,
  rejected_at: r.status === "rejected" ? r.decidedAt : null,
  issued_at: r.issuedAt,
  fulfilled_at: r.fulfilledAt,
  items: r.items.map((i) => ({
    id: i.itemId,
    item_id: i.itemId,
    item_name: i.name,
    quantity: i.quantity,
    approved_quantity: null,
    issued_quantity: r.issuedAt ? i.quantity : null,
    fulfilled_quantity: r.fulfilledAt ? i.quantity : null,
  })),
});

const createRequest = (b: z.infer<typeof CreateBody>, clientRef?: string) =>
  Inventory.Request.create({
    fromLocationId: b.source_location_id,
    ...(b.destination_location_id ? { toLocationId: b.destination_location_id } : {}),
    ...(b.work_order_id ? { workOrderId: b.work_order_id } : {}),
    ...(b.notes ? { note: b.notes } : {}),
    items: b.items.map((i) => ({ itemId: i.item_id, quantity: i.quantity })),
    submit: b.submit,
    ...(clientRef ? { clientRef } : {}),
  });

export const fieldOfficeRoutes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(items, async (c) => {
    const q = c.req.valid("query");
    const { items: found, stock } = await Field.Stock.search({
      ...(q.q ? { q: q.q } : {}),
      ...(q.source_location_id ? { locationId: q.source_location_id } : {}),
      limit: q.limit,
    });
    return c.json(
      {
        items: found.map((i) => {
          const here = (stock ?? []).filter((s) => s.itemId === i.id);
          return {
            id: i.id,
            name: i.name,
            sku: i.sku,
            unit: i.unit,
            unit_price: i.unitPriceMinor === null ? null : i.unitPriceMinor / 100,
            currency: i.currency,
            available_quantity: stock ? here.reduce((n, s) => n + s.available, 0) : null,
            stock_by_location: here.map((s) => ({
              location_id: s.locationId,
              location_name: s.locationName,
              available_quantity: s.available,
            })),
          };
        }),
      },
      200,
    );
  })
  .openapi(locations, async (c) => {
    // What the caller may read (a technician: their van), then the warehouses a request may draw from.
    const readable = (await Inventory.listLocations({})).items.map((l) => ({ id: l.id, name: l.name, code: l.kind }));
    const warehouses = (await Inventory.Request.sources({})).items.map((l) => ({
      id: l.id,
      name: l.name,
      code: l.kind,
    }));
    const seen = new Set(readable.map((l) => l.id));
    const all = [...readable, ...warehouses.filter((w) => !seen.has(w.id))];
    return c.json({ items: all.slice(0, c.req.valid("query").limit) }, 200);
  })
  .openapi(requests, async (c) => {
    const found = await Inventory.Request.list({ mine: true, limit: c.req.valid("query").limit });
    return c.json({ items: found.items.map(materialRequest) }, 200);
  })
  .openapi(request, async (c) => c.json(materialRequest(await Inventory.Request.get(c.req.valid("param").id)), 200))
  .openapi(create, async (c) => c.json(materialRequest(await createRequest(c.req.valid("json"))), 201))
  .openapi(outboxSubmit, async (c) => {
    const b = c.req.valid("json");
    return c.json(materialRequest(await createRequest(b, b.client_ref)), 201);
  })
  .openapi(submit, async (c) => c.json(materialRequest(await Inventory.Request.submit(c.req.valid("param").id)), 200));
