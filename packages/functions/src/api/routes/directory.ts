import * as Directory from "@dotmac/core/directory";
import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const StaffSchema = z.object(Directory.StaffInfo.shape).openapi("DirectoryStaff");
const CustomerSchema = z.object(Directory.CustomerInfo.shape).openapi("DirectoryCustomer");
const TransitionSchema = z.object(Ticket.TransitionInfo.shape).openapi("TicketTransition");
const StaffQuery = z.object(Directory.staff.schema.shape);
const CustomerQuery = z.object(Directory.customers.schema.shape);

const staff = createRoute({
  method: "get",
  path: "/staff",
  summary: "Active staff users by name or email, at most 20, or by id (support:ticket:read)",
  description:
    "For assignee pickers. `q` matches the email or the display name, case-insensitively. `ids` (comma-separated, " +
    "at most 50) names exactly those accounts, deactivated ones included, to label assignees already on screen.",
  request: { query: StaffQuery },
  responses: {
    200: json(z.object({ items: z.array(StaffSchema) }), "Matching staff users, by name"),
    ...problemResponses(400, 401, 403),
  },
});

const customers = createRoute({
  method: "get",
  path: "/customers",
  summary: "Subscribers, people and organisations a ticket can be opened for, at most 20 (support:ticket:create)",
  description:
    "Subscribers match on their number, account number or their party's name; people on name, email or phone; " +
    "organisations on name. Each item carries the `subscriberId`, `personId` and `organizationId` to put on a ticket. " +
    "Given `subscriberId`, `personId` or `organizationId` instead, it answers just those records (a ticket's " +
    "customer, to label it), with support:ticket:read.",
  request: { query: CustomerQuery },
  responses: {
    200: json(z.object({ items: z.array(CustomerSchema) }), "Matching customers, grouped by kind"),
    ...problemResponses(400, 401, 403),
  },
});

const transitions = createRoute({
  method: "get",
  path: "/transitions",
  summary: "The active status transitions, for the ticket status picker (support:ticket:read)",
  description:
    "What agents may do, without the settings permission the admin list needs. No transitions at all means every " +
    "status change is allowed.",
  responses: {
    200: json(z.object({ items: z.array(TransitionSchema) }), "The active transitions, by from and to"),
    ...problemResponses(401, 403),
  },
});

export const directory = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(staff, async (c) => c.json({ items: await Directory.staff(c.req.valid("query")) }, 200))
  .openapi(customers, async (c) => c.json({ items: await Directory.customers(c.req.valid("query")) }, 200))
  .openapi(transitions, async (c) => c.json({ items: await Ticket.transitions({}) }, 200));
