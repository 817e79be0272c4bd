import * as Inventory from "@dotmac/core/inventory";
import { id } from "@dotmac/core/platform/input";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const LineSchema = z.object(Inventory.MaterialLineInfo.shape).openapi("MaterialLine");
const LineParams = z.object({
  id: IdParam.shape.id,
  lineId: id().openapi({ param: { name: "lineId", in: "path" } }),
});
const PlanBody = z.object(Inventory.planMaterial.schema.omit({ workOrderId: true }).shape).openapi("MaterialPlan");
const ConsumeBody = z
  .object(Inventory.consume.schema.omit({ workOrderId: true, lineId: true }).shape)
  .openapi("MaterialConsume");
const EquipmentBody = z
  .object(Inventory.captureEquipment.schema.omit({ workOrderId: true }).shape)
  .openapi("EquipmentCapture");

const list = createRoute({
  method: "get",
  path: "/{id}/materials",
  summary:
    "A job's material lines: planned, reserved and consumed (inventory or work-order readers, the job's technicians)",
  request: { params: IdParam },
  responses: {
    200: json(z.object({ items: z.array(LineSchema) }), "The lines"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const plan = createRoute({
  method: "post",
  path: "/{id}/materials",
  summary: "Plan a material line and reserve it (inventory:write or operations:work_order:update)",
  description:
    "Reserves from `locationId`, by default the van of the job's primary technician. Not enough free stock answers 409 saying how many are available.",
  request: { params: IdParam, body: body(PlanBody) },
  responses: { 201: json(LineSchema, "The reserved line"), ...problemResponses(400, 401, 403, 404, 409, 412) },
});

const consume = createRoute({
  method: "post",
  path: "/{id}/materials/{lineId}/consume",
  summary: "Record material used on the job (the job's assigned technicians; idempotent by clientRef)",
  description:
    "Takes from the line's reservation first, the rest from free stock at the line's location; 409 when there is not enough. Serialized items list one serial per unit.",
  request: { params: LineParams, body: body(ConsumeBody) },
  responses: {
    200: json(z.object({ line: LineSchema, duplicate: z.boolean() }), "The line after consumption"),
    ...problemResponses(400, 401, 403, 404, 409, 412),
  },
});

const release = createRoute({
  method: "post",
  path: "/{id}/materials/{lineId}/release",
  summary: "Give back what a line still reserves (inventory:write or operations:work_order:update)",
  request: { params: LineParams },
  responses: { 200: json(LineSchema, "The released line"), ...problemResponses(400, 401, 403, 404, 412) },
});

const equipment = createRoute({
  method: "post",
  path: "/{id}/equipment",
  summary: "Capture an installed unit's serial (the job's assigned technicians; idempotent by clientRef)",
  description: "The unit must be in the technician's van: it is installed at the job and consumed from the van.",
  request: { params: IdParam, body: body(EquipmentBody) },
  responses: {
    200: json(
      z.object({ line: LineSchema, serial: z.string(), itemId: z.string(), duplicate: z.boolean() }),
      "The line the unit was consumed on",
    ),
    ...problemResponses(400, 401, 403, 404, 409),
  },
});

/** A work order's materials and equipment, under /api/v1/inventory/work-orders. */
export const inventoryMaterials = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Inventory.listMaterials(c.req.valid("param").id), 200))
  .openapi(plan, async (c) =>
    c.json(await Inventory.planMaterial({ ...c.req.valid("json"), workOrderId: c.req.valid("param").id }), 201),
  )
  .openapi(consume, async (c) => {
    const { id, lineId } = c.req.valid("param");
    return c.json(await Inventory.consume({ ...c.req.valid("json"), workOrderId: id, lineId }), 200);
  })
  .openapi(release, async (c) => {
    const { id, lineId } = c.req.valid("param");
    return c.json(await Inventory.release({ workOrderId: id, lineId }), 200);
  })
  .openapi(equipment, async (c) =>
    c.json(await Inventory.captureEquipment({ ...c.req.valid("json"), workOrderId: c.req.valid("param").id }), 200),
  );
