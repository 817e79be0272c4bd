import * as Campaign from "@dotmac/core/campaign";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, csvDownload, IdParam, json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const CampaignSchema = z.object(Campaign.CampaignInfo.shape).openapi("Campaign");
const SegmentSchema = z.object(Campaign.SegmentInfo.shape).openapi("Segment");
const AudienceSchema = z.object(Campaign.AudienceInfo.shape).openapi("Audience");
const PreviewSchema = z.object(Campaign.PreviewInfo.shape).openapi("CampaignPreview");
const RecipientSchema = z.object(Campaign.RecipientInfo.shape).openapi("CampaignRecipient");
const CreateBody = z.object(Campaign.create.schema.shape).openapi("CampaignCreate");
const UpdateBody = z.object(Campaign.update.schema.omit({ id: true }).shape).openapi("CampaignUpdate");
const ScheduleBody = z.object(Campaign.schedule.schema.omit({ id: true }).shape).openapi("CampaignSchedule");
const SegmentBody = z.object(Campaign.createSegment.schema.shape).openapi("SegmentCreate");
const SegmentPreviewBody = z.object(Campaign.previewSegment.schema.shape).openapi("SegmentPreview");
const ConsentBody = z.object(Campaign.setConsent.schema.shape).openapi("MarketingConsent");
const SegmentUpdateBody = z.object(Campaign.updateSegment.schema.omit({ id: true }).shape).openapi("SegmentUpdate");
const WhatsAppChannelSchema = z.object(Campaign.WhatsAppChannelInfo.shape).openapi("CampaignWhatsAppChannel");
const csv = { 200: { description: "CSV download", content: { "text/csv": { schema: z.string() } } } };

const errors = problemResponses(400, 401, 403, 404, 409, 412);
const one = json(CampaignSchema, "The campaign");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "Campaigns, newest first, each with its delivery counts (crm:campaign:read)",
  request: { query: z.object({ status: z.enum(Campaign.campaignStatuses).optional() }) },
  responses: { 200: json(z.object({ items: z.array(CampaignSchema) }), "The campaigns"), ...errors },
});
const create = createRoute({
  method: "post",
  path: "/",
  summary: "Write a draft campaign: email steps (subject, body) or WhatsApp template steps (crm:campaign:write)",
  description:
    "Bodies take `{{first_name}}`, `{{last_name}}`, `{{name}}` and `{{email}}`; http(s) links are tracked. Steps after the first wait `delayHours` (a nurture sequence).",
  request: { body: body(CreateBody) },
  responses: { 201: one, ...errors },
});
const whatsappChannels = createRoute({
  method: "get",
  path: "/whatsapp-channels",
  summary: "WhatsApp channels with their approved templates and each template's variable count (crm:campaign:read)",
  responses: { 200: json(z.object({ items: z.array(WhatsAppChannelSchema) }), "The channels"), ...errors },
});
const recipientsCsv = createRoute({
  method: "get",
  path: "/{id}/recipients.csv",
  summary: "Every recipient with its status and tracking times, as CSV",
  request: { params: IdParam },
  responses: { ...csv, ...errors },
});
const get = createRoute({
  method: "get",
  path: "/{id}",
  summary: "One campaign",
  request: { params: IdParam },
  responses: { 200: one, ...errors },
});
const update = createRoute({
  method: "put",
  path: "/{id}",
  summary:
    "Replace a draft (409 once it is scheduled, sending or done); WhatsApp: a template of the channel, every variable mapped",
  request: { params: IdParam, body: body(UpdateBody) },
  responses: { 200: one, ...errors },
});
const preview = createRoute({
  method: "get",
  path: "/{id}/preview",
  summary: "The audience it would reach now (count and sample) and its first message rendered",
  request: { params: IdParam },
  responses: { 200: json(PreviewSchema, "The preview"), ...errors },
});
const schedule = createRoute({
  method: "post",
  path: "/{id}/schedule",
  summary: "Send a draft now (no `at`) or at `at`; WhatsApp templates must be approved (412 otherwise)",
  request: { params: IdParam, body: body(ScheduleBody) },
  responses: { 200: one, ...errors },
});
const cancel = createRoute({
  method: "post",
  path: "/{id}/cancel",
  summary: "Cancel a draft, scheduled or sending campaign: its pending messages are skipped",
  request: { params: IdParam },
  responses: { 200: one, ...errors },
});
const recipients = createRoute({
  method: "get",
  path: "/{id}/recipients",
  summary: "Per-recipient status: sent, failed, skipped, opened, clicked, replied, unsubscribed",
  request: {
    params: IdParam,
    query: z.object({
      status: z.enum(Campaign.recipientStatuses).optional(),
      limit: z.string().optional(),
      offset: z.string().optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(RecipientSchema), total: z.number().int() }), "Recipients"),
    ...errors,
  },
});
const consent = createRoute({
  method: "post",
  path: "/consent",
  summary: "Record a person's marketing consent on a channel (a WhatsApp opt-in, a phoned-in opt-out)",
  request: { body: body(ConsentBody) },
  responses: {
    200: json(z.object({ personId: z.string(), channel: z.string(), state: z.string() }), "The consent"),
    ...errors,
  },
});

/** Campaigns, under /api/v1/campaigns. */
export const campaigns = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(list, async (c) => c.json({ items: await Campaign.list(c.req.valid("query")) }, 200))
  .openapi(create, async (c) => c.json(await Campaign.create(c.req.valid("json")), 201))
  .openapi(consent, async (c) => c.json(await Campaign.setConsent(c.req.valid("json")), 200))
  .openapi(whatsappChannels, async (c) => c.json({ items: await Campaign.whatsappChannels({}) }, 200))
  .openapi(recipientsCsv, (c) => csvDownload(c, Campaign.recipientsCsv(c.req.valid("param").id), "campaign-recipients"))
  .openapi(get, async (c) => c.json(await Campaign.get(c.req.valid("param").id), 200))
  .openapi(update, async (c) =>
    c.json(await Campaign.update({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(preview, async (c) => c.json(await Campaign.preview(c.req.valid("param").id), 200))
  .openapi(schedule, async (c) =>
    c.json(await Campaign.schedule({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(cancel, async (c) => c.json(await Campaign.cancel(c.req.valid("param").id), 200))
  .openapi(recipients, async (c) => {
    const q = c.req.valid("query");
    return c.json(
      await Campaign.recipients({ id: c.req.valid("param").id, status: q.status, limit: q.limit, offset: q.offset }),
      200,
    );
  });

const listSegments = createRoute({
  method: "get",
  path: "/",
  summary: "Saved audiences (crm:campaign:read)",
  responses: { 200: json(z.object({ items: z.array(SegmentSchema) }), "The segments"), ...errors },
});
const createSegment = createRoute({
  method: "post",
  path: "/",
  summary: "Save an audience: party status, subscriber service status, region, organisation, search",
  request: { body: body(SegmentBody) },
  responses: { 201: json(SegmentSchema, "The segment"), ...errors },
});
const updateSegment = createRoute({
  method: "put",
  path: "/{id}",
  summary: "Rename a segment or change its filter (409 on a name in use)",
  request: { params: IdParam, body: body(SegmentUpdateBody) },
  responses: { 200: json(SegmentSchema, "The segment"), ...errors },
});
const removeSegment = createRoute({
  method: "delete",
  path: "/{id}",
  summary: "Delete a segment (409 while a draft, scheduled or sending campaign uses it)",
  request: { params: IdParam },
  responses: { 204: { description: "Deleted" }, ...errors },
});
const previewSegment = createRoute({
  method: "post",
  path: "/preview",
  summary: "How many people a filter selects and reaches on a channel, with a sample (nothing is saved)",
  request: { body: body(SegmentPreviewBody) },
  responses: { 200: json(AudienceSchema, "The audience"), ...errors },
});

/** Segments, under /api/v1/segments. */
export const segments = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(listSegments, async (c) => c.json({ items: await Campaign.listSegments({}) }, 200))
  .openapi(createSegment, async (c) => c.json(await Campaign.createSegment(c.req.valid("json")), 201))
  .openapi(previewSegment, async (c) => c.json(await Campaign.previewSegment(c.req.valid("json")), 200))
  .openapi(updateSegment, async (c) =>
    c.json(await Campaign.updateSegment({ ...c.req.valid("json"), id: c.req.valid("param").id }), 200),
  )
  .openapi(removeSegment, async (c) => {
    await Campaign.removeSegment(c.req.valid("param").id);
    return c.body(null, 204);
  });
