import * as Ticket from "@dotmac/core/ticket";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, json } from "../route-helpers";

// Core's schemas re-wrapped (so @hono/zod-openapi can name them), with the descriptions a client needs.
const Token = Ticket.dispute.schema.shape.token.describe("From the emailed link's fragment (`#token=…`)");
const LookupBody = z.object({ token: Token }).openapi("ConfirmationLookupRequest");
const DisputeBody = z
  .object({
    token: Token,
    reason: Ticket.dispute.schema.shape.reason.describe("What is still wrong (becomes a reply)"),
  })
  .openapi("ConfirmationDisputeRequest");
const LookupSchema = z.object(Ticket.LookupInfo.shape).openapi("ConfirmationLookup");
const StateSchema = z.object({ state: z.enum(Ticket.confirmationStates) }).openapi("ConfirmationState");

const lookup = createRoute({
  method: "post",
  path: "/lookup",
  summary: "What a resolution-confirmation link is about (public: the token is the credential)",
  description:
    "The token travels in the body, never in a URL. `state` is `open` while the customer can answer; an unknown " +
    "token answers 404.",
  request: { body: body(LookupBody) },
  responses: { 200: json(LookupSchema, "The ticket and the link's state"), ...problemResponses(400, 403, 404, 429) },
});

const confirm = createRoute({
  method: "post",
  path: "/confirm",
  summary: "The customer confirms the problem is fixed: the ticket closes (public, single use)",
  description: "A link already answered, expired or superseded answers 409 with its state in `errors[0].message`.",
  request: { body: body(LookupBody) },
  responses: { 200: json(StateSchema, "Confirmed"), ...problemResponses(400, 403, 404, 409, 429) },
});

const dispute = createRoute({
  method: "post",
  path: "/dispute",
  summary:
    "The customer says the problem is not fixed: the ticket reopens with the reason as a reply (public, single use)",
  request: { body: body(DisputeBody) },
  responses: { 200: json(StateSchema, "Disputed"), ...problemResponses(400, 403, 404, 409, 429) },
});

/** Routes for the customer's resolution confirmation (public, token in the body). */
export const confirmation = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(lookup, async (c) => c.json(await Ticket.lookupConfirmation(c.req.valid("json")), 200))
  .openapi(confirm, async (c) => c.json(await Ticket.confirm(c.req.valid("json")), 200))
  .openapi(dispute, async (c) => c.json(await Ticket.dispute(c.req.valid("json")), 200));
