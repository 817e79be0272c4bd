import { Expense } from "@dotmac/core/timecost";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const ExpenseSchema = z.object(Expense.Info.shape).openapi("ExpenseRequest");
const CreatedSchema = z.object({ request: ExpenseSchema, duplicate: z.boolean() }).openapi("ExpenseRequestCreated");
const CreateBody = z.object(Expense.create.schema.shape).openapi("ExpenseRequestCreate");
const UpdateBody = z.object(Expense.update.schema.shape).omit({ id: true }).openapi("ExpenseRequestUpdate");
const ReasonBody = z.object(Expense.approve.schema.shape).omit({ id: true }).openapi("ExpenseRequestApproval");
const RejectBody = z.object(Expense.reject.schema.shape).omit({ id: true }).openapi("ExpenseRequestRejection");
const CancelBody = z.object(Expense.cancel.schema.shape).omit({ id: true }).openapi("ExpenseRequestCancel");
const PayBody = z.object(Expense.markPaid.schema.shape).omit({ id: true }).openapi("ExpenseRequestPayment");
const EmptyBody = z.object({}).openapi("ExpenseRequestSubmit");
const SlotBody = z.object(Expense.receiptSlot.schema.shape).openapi("ExpenseReceiptSlotRequest");
const SlotSchema = z.object(Expense.SlotInfo.shape).openapi("ExpenseReceiptSlot");
const ListQuery = z.object(Expense.ListInput.shape);
const ItemParam = z.object(Expense.receiptUrl.schema.shape);
const Download = z.object({ url: z.string(), expiresAt: z.iso.datetime() }).openapi("ExpenseReceiptDownload");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Expense requests, newest first: yours (`scope=mine`), or as a manager the approval queue or all",
  description: "`queue` and `all` need operations:expense_request:approve; the queue never shows your own requests.",
  request: { query: ListQuery },
  responses: {
    200: json(z.object({ items: z.array(ExpenseSchema), nextCursor: z.string().nullable() }), "A page"),
    ...problemResponses(400, 401, 403),
  },
});

const categories = createRoute({
  method: "get",
  path: "/categories",
  summary: "The expense categories an item may have",
  responses: { 200: json(z.object({ items: z.array(z.string()) }), "The categories"), ...problemResponses(401, 403) },
});

const create = createRoute({
  method: "post",
  path: "/",
  summary: "File an expense request as yourself (operations:expense_request:write), as a draft or submitted",
  description:
    "Amounts are integer minor units with their currency. Each receipt is an upload of yours that passed the " +
    "magic-byte check (409 while it is being checked, 415 when it was quarantined). The same `clientRef` answers " +
    "the first request with `duplicate: true`.",
  request: { body: body(CreateBody) },
  responses: {
    201: json(CreatedSchema, "Filed"),
    200: json(CreatedSchema, "Already filed under this clientRef"),
    ...problemResponses(400, 401, 403, 409, 415),
  },
});

const slot = createRoute({
  method: "post",
  path: "/receipts/slots",
  summary: "An upload slot for a receipt (operations:expense_request:write)",
  description:
    "Send every entry of `fields`, then the file as `file`, as multipart/form-data to `url`; the first bytes are " +
    "checked when it lands. Then name `uploadId` as an item's `receiptUploadId`.",
  request: { body: body(SlotBody) },
  responses: { 201: json(SlotSchema, "The slot"), ...problemResponses(400, 401, 403, 413) },
});

const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One expense request: its requester's, or any for a manager",
  request: { params: IdParam },
  responses: { 200: json(ExpenseSchema, "The request"), ...problemResponses(400, 401, 403, 404) },
});

const update = createRoute({
  method: "patch",
  path: "/{id}",
  summary: "Edit a draft of yours; `items` replaces the items as a whole",
  request: { params: IdParam, body: body(UpdateBody) },
  responses: { 200: json(ExpenseSchema, "The request"), ...problemResponses(400, 401, 403, 404, 409, 412, 415) },
});

const move = <S extends z.ZodObject>(path: string, summary: string, schema: S, description?: string) =>
  createRoute({
    method: "post",
    path: `/{id}/${path}`,
    summary,
    ...(description ? { description } : {}),
    request: { params: IdParam, body: body(schema) },
    responses: { 200: json(ExpenseSchema, "The request"), ...problemResponses(400, 401, 403, 404, 409) },
  });

const idempotent = "Asking for the state the request is already in answers it unchanged; other states are a 409.";
const submit = move("submit", "Submit a draft of yours for approval (at least one item)", EmptyBody, idempotent);
const cancel = move("cancel", "Cancel a draft or submitted request of yours", CancelBody, idempotent);
const approve = move(
  "approve",
  "Approve a submitted request (operations:expense_request:approve); never your own",
  ReasonBody,
  `The decision and its reason travel in the body, never the query string. ${idempotent}`,
);
const reject = move(
  "reject",
  "Reject a submitted request with a reason (operations:expense_request:approve); never your own",
  RejectBody,
  idempotent,
);
const pay = move("pay", "Record that an approved request was paid (operations:expense_request:approve)", PayBody);

const receipt = createRoute({
  method: "get",
  path: "/{id}/items/{itemId}/receipt",
  summary: "A one-minute link to an item's receipt (its requester or a manager)",
  request: { params: ItemParam },
  responses: { 200: json(Download, "The signed link"), ...problemResponses(400, 401, 403, 404) },
});

/** Expense requests: file, submit, cancel; managers approve, reject and record payment. */
export const expenseRequests = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json(await Expense.list(c.req.valid("query")), 200))
  .openapi(categories, async (c) => c.json({ items: Expense.categories() }, 200))
  .openapi(create, async (c) => {
    const result = await Expense.create(c.req.valid("json"));
    return result.duplicate ? c.json(result, 200) : c.json(result, 201);
  })
  .openapi(slot, async (c) => c.json(await Expense.receiptSlot(c.req.valid("json")), 201))
  .openapi(get, async (c) => c.json(await Expense.get(c.req.valid("param")), 200))
  .openapi(update, async (c) =>
    c.json(await Expense.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(submit, async (c) => c.json(await Expense.submit(c.req.valid("param")), 200))
  .openapi(cancel, async (c) =>
    c.json(await Expense.cancel({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(approve, async (c) =>
    c.json(await Expense.approve({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(reject, async (c) =>
    c.json(await Expense.reject({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(pay, async (c) =>
    c.json(await Expense.markPaid({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(receipt, async (c) => c.json(await Expense.receiptUrl(c.req.valid("param")), 200));
