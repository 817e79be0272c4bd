import * as Timecost from "@dotmac/core/timecost";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

/** v1's technician app: expense claims and a manager's approval (timecost's verbs, v1's snake_case). */

/** A literal path type, so the portal's typed client keeps every route apart. */
const p = <P extends string>(path: P): `/api/v1/field${P}` => `/api/v1/field${path}`;
const errors = problemResponses(400, 401, 403, 404, 409, 412);
const Loose = z.record(z.string(), z.unknown());
const Items = z.object({ items: z.array(Loose) });
const categories = [
  "fuel",
  "transport",
  "parking",
  "meals",
  "lodging",
  "tools",
  "materials",
  "communication",
  "other",
] as const;
type Category = (typeof categories)[number];
const statuses = ["draft", "submitted", "approved", "rejected", "paid", "canceled"] as const;

const CreateBody = z
  .object({
    purpose: z.string().min(1).max(500),
    expense_date: z.iso.date().nullish(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .nullish(),
    notes: z.string().max(2000).nullish(),
    work_order_id: z.uuid().nullish(),
    project_id: z.uuid().nullish(),
    ticket_id: z.uuid().nullish(),
    client_ref: z.string().min(1).max(100).nullish(),
    items: z
      .array(
        z.object({
          category_code: z.string().min(1).max(40),
          category_name: z.string().max(100).nullish(),
          description: z.string().max(500).nullish(),
          amount: z.union([
            z.string().regex(/^\d{1,12}(\.\d{1,2})?$/, "must be an amount like 2500.00"),
            z.number().positive(),
          ]),
          expense_date: z.iso.date().nullish(),
          vendor_name: z.string().max(200).nullish(),
          notes: z.string().max(500).nullish(),
        }),
      )
      .min(1)
      .max(50),
  })
  .openapi("FieldExpenseCreate");

const list = createRoute({
  method: "get",
  path: p("/expense-requests"),
  summary: "The caller's expense claims, newest first",
  request: {
    query: z.object({
      status: z.enum(statuses).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(100),
    }),
  },
  responses: { 200: json(Items, "Claims"), ...errors },
});
const categoryList = createRoute({
  method: "get",
  path: p("/expense-requests/categories"),
  summary: "Expense categories",
  responses: { 200: json(Items, "Categories"), ...errors },
});
const get = createRoute({
  method: "get",
  path: p("/expense-requests/{id}"),
  summary: "One expense claim",
  request: { params: IdParam },
  responses: { 200: json(Loose, "The claim"), ...errors },
});
const create = createRoute({
  method: "post",
  path: p("/expense-requests"),
  summary: "Claim expenses (submitted for approval at once)",
  request: { body: body(CreateBody) },
  responses: { 201: json(Loose, "The claim"), ...errors },
});
const submitQueued = createRoute({
  method: "post",
  path: p("/expense-requests/submit"),
  summary: "The offline outbox's claim: the same client_ref again answers the first claim",
  request: { body: body(CreateBody) },
  responses: { 201: json(Loose, "The claim"), ...errors },
});
const cancel = createRoute({
  method: "post",
  path: p("/expense-requests/{id}/cancel"),
  summary: "Withdraw a claim",
  request: { params: IdParam },
  responses: { 200: json(Loose, "The claim"), ...errors },
});
const queue = createRoute({
  method: "get",
  path: p("/manager/expenses"),
  summary: "Claims awaiting the manager's decision",
  responses: { 200: json(Items, "Claims"), ...errors },
});
const approve = createRoute({
  method: "post",
  path: p("/manager/expenses/{id}/approve"),
  summary: "Approve a claim (never one's own)",
  request: { params: IdParam },
  responses: { 200: json(Loose, "The claim"), ...errors },
});
const reject = createRoute({
  method: "post",
  path: p("/manager/expenses/{id}/reject"),
  summary: "Reject a claim with the reason its requester reads (in the body)",
  request: {
    params: IdParam,
    body: body(z.object({ reason: z.string().min(1).max(500) }).openapi("FieldExpenseReject")),
  },
  responses: { 200: json(Loose, "The claim"), ...errors },
});

type Claim = Timecost.Expense.Info;
const label = (c: string) => c.charAt(0).toUpperCase() + c.slice(1);

/** v1's ExpenseRequest: one currency's total as `total_amount` (major units), decisions by status. */
export const expense = (e: Claim) => {
  const total = e.totals[0];
  const decided = e.decidedAt;
  return {
    id: e.id,
    number: e.number,
    status: e.status,
    purpose: e.purpose,
    expense_date: e.items[0]?.spentOn ?? null,
    currency: total?.currency ?? e.items[0]?.currency ?? null,
    notes: null,
    rejection_reason: e.status === "rejected" ? e.decisionReason : null,
    total_amount: total ? total.amountMinor / 100 : 0,
    ticket_id: e.ticketId,
    project_id: e.projectId,
    work_order_id: e.workOrderId,
    requester_name: e.requesterName,
    submitted_at: e.submittedAt,
    approved_at: e.status === "approved" || e.status === "paid" ? decided : null,
    rejected_at: e.status === "rejected" ? decided : null,
    paid_at: e.paidAt,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
    items: e.items.map((i) => ({
      id: i.id,
      category_code: i.category,
      category_name: label(i.category),
      amount: i.amountMinor / 100,
      description: i.description,
      expense_date: i.spentOn,
      vendor_name: i.vendor,
      receipt_url: null,
      notes: null,
    })),
  };
};

const toCategory = (code: string): Category => {
  const c = code.trim().toLowerCase();
  return (categories as readonly string[]).includes(c) ? (c as Category) : "other";
};
const minor = (amount: string | number) => Math.round(Number(amount) * 100);

function createInput(b: z.infer<typeof CreateBody>) {
  const currency = b.currency ?? "NGN";
  return {
    purpose: b.notes ? `${b.purpose} — ${b.notes}`.slice(0, 500) : b.purpose,
    workOrderId: b.work_order_id ?? null,
    projectId: b.project_id ?? null,
    ticketId: b.ticket_id ?? null,
    ...(b.client_ref ? { clientRef: b.client_ref } : {}),
    submit: true,
    items: b.items.map((i) => ({
      category: toCategory(i.category_code),
      ...(i.description ? { description: i.description } : {}),
      amountMinor: minor(i.amount),
      currency,
      ...(i.vendor_name ? { vendor: i.vendor_name } : {}),
      ...((i.expense_date ?? b.expense_date) ? { spentOn: (i.expense_date ?? b.expense_date) as string } : {}),
    })),
  };
}

export const fieldExpenseRoutes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(categoryList, (c) =>
    c.json(
      {
        items: categories.map((code) => ({
          category_code: code,
          category_name: label(code),
          requires_receipt: false,
          max_amount_per_claim: null,
        })),
      },
      200,
    ),
  )
  .openapi(list, async (c) => {
    const q = c.req.valid("query");
    const page = await Timecost.Expense.list({
      scope: "mine",
      ...(q.status ? { status: q.status } : {}),
      limit: q.limit,
    });
    return c.json({ items: page.items.map(expense) }, 200);
  })
  .openapi(get, async (c) => c.json(expense(await Timecost.Expense.get({ id: c.req.valid("param").id })), 200))
  .openapi(create, async (c) =>
    c.json(expense((await Timecost.Expense.create(createInput(c.req.valid("json")))).request), 201),
  )
  .openapi(submitQueued, async (c) =>
    c.json(expense((await Timecost.Expense.create(createInput(c.req.valid("json")))).request), 201),
  )
  .openapi(cancel, async (c) => c.json(expense(await Timecost.Expense.cancel({ id: c.req.valid("param").id })), 200))
  .openapi(queue, async (c) => {
    const page = await Timecost.Expense.list({ scope: "queue", limit: 100 });
    return c.json({ items: page.items.map(expense) }, 200);
  })
  .openapi(approve, async (c) => c.json(expense(await Timecost.Expense.approve({ id: c.req.valid("param").id })), 200))
  .openapi(reject, async (c) =>
    c.json(
      expense(await Timecost.Expense.reject({ id: c.req.valid("param").id, reason: c.req.valid("json").reason })),
      200,
    ),
  );
