import * as Inbox from "@dotmac/core/inbox";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, json } from "../route-helpers";

// Core's schemas re-wrapped (so @hono/zod-openapi can name them), with the descriptions a client needs.
const Token = Inbox.Csat.answer.schema.shape.token.describe("From the survey link's fragment (`#token=…`)");
const LookupBody = z.object({ token: Token }).openapi("CsatLookupRequest");
const AnswerBody = z
  .object({
    token: Token,
    rating: Inbox.Csat.answer.schema.shape.rating.describe("1 (very unhappy) to 5 (very happy)"),
    comment: Inbox.Csat.answer.schema.shape.comment.describe("Optional, up to 2,000 characters"),
  })
  .openapi("CsatAnswerRequest");
const SurveySchema = z.object(Inbox.Csat.SurveyInfo.shape).openapi("CsatSurvey");

const lookup = createRoute({
  method: "post",
  path: "/lookup",
  summary: "What a satisfaction-survey link is about (public: the token is the credential)",
  description: "The token travels in the body, never in a URL. An unknown token answers 404.",
  request: { body: body(LookupBody) },
  responses: { 200: json(SurveySchema, "The survey's state"), ...problemResponses(400, 403, 404, 429) },
});

const answer = createRoute({
  method: "post",
  path: "/answer",
  summary: "The customer rates the conversation 1–5 with an optional comment (public, single use)",
  description: "A survey already answered or expired answers 409 with its state in `errors[0].message`.",
  request: { body: body(AnswerBody) },
  responses: { 200: json(SurveySchema, "Answered"), ...problemResponses(400, 403, 404, 409, 429) },
});

/** The customer's satisfaction survey after a conversation is resolved (public, token in the body). */
export const csat = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(lookup, async (c) => c.json(await Inbox.Csat.lookup(c.req.valid("json")), 200))
  .openapi(answer, async (c) => c.json(await Inbox.Csat.answer(c.req.valid("json")), 200));
