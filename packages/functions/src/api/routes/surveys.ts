import * as Survey from "@dotmac/core/survey";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, IdParam, json } from "../route-helpers";

const SurveySchema = z.object(Survey.SurveyInfo.shape).openapi("Survey");
const ResultsSchema = z.object(Survey.Results.shape).openapi("SurveyResults");
const CreateBody = z.object(Survey.create.schema.shape).openapi("SurveyCreate");
const UpdateBody = z.object(Survey.update.schema.omit({ id: true }).shape).openapi("SurveyUpdate");
const StatusBody = z.object(Survey.setStatus.schema.omit({ id: true }).shape).openapi("SurveyStatus");

const errors = problemResponses(400, 401, 403, 404, 409);
const one = json(SurveySchema, "The survey");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Surveys, newest first, with response and invitation counts (crm:campaign:read)",
  request: { query: z.object({ status: z.enum(Survey.surveyStatuses).optional() }) },
  responses: { 200: json(z.object({ items: z.array(SurveySchema) }), "The surveys"), ...errors },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Write a draft survey: rating, NPS, multiple-choice and free-text questions (crm:campaign:write)",
  request: { body: body(CreateBody) },
  responses: { 201: one, ...errors },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One survey",
  request: { params: IdParam },
  responses: { 200: one, ...errors },
});
const update = createRoute({
  method: "put",
  path: "/{id}",
  summary: "Replace a draft's questions and settings (409 once active)",
  request: { params: IdParam, body: body(UpdateBody) },
  responses: { 200: one, ...errors },
});
const status = createRoute({
  method: "post",
  path: "/{id}/status",
  summary: "draft → active ⇄ paused → closed",
  request: { params: IdParam, body: body(StatusBody) },
  responses: { 200: one, ...errors },
});
const results = createRoute({
  method: "get",
  path: "/{id}/results",
  summary: "Rating distributions, NPS (promoters, passives, detractors), choice counts and free-text answers",
  request: { params: IdParam },
  responses: { 200: json(ResultsSchema, "The results"), ...errors },
});

/** Surveys, under /api/v1/surveys. */
export const surveys = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json({ items: await Survey.list(c.req.valid("query")) }, 200))
  .openapi(create, async (c) => c.json(await Survey.create(c.req.valid("json")), 201))
  .openapi(get, async (c) => c.json(await Survey.get(c.req.valid("param").id), 200))
  .openapi(update, async (c) =>
    c.json(await Survey.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(status, async (c) =>
    c.json(await Survey.setStatus({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(results, async (c) => c.json(await Survey.results(c.req.valid("param").id), 200));
