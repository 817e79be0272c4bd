import * as Field from "@dotmac/core/field";
import { AppError } from "@dotmac/core/platform/errors";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { body, json } from "../route-helpers";

/**
 * v1's technician app (Flutter, unchanged) speaks snake_case to `/api/v1/field/*`. These routes are its
 * transport only: each maps the app's request onto a core verb and the verb's answer onto what the app's
 * models parse (tests/contract/v1-field-app.md lists every call). This file: start-up config and push devices.
 */

const Config = z
  .object({
    min_app_version: z.string(),
    latest_app_version: z.string(),
    feature_flags: z.record(z.string(), z.boolean()),
  })
  .openapi("FieldAppConfig");

const config = createRoute({
  method: "get",
  path: "/api/v1/field/config",
  summary: "The field app's upgrade gate and feature flags (public: asked before sign-in)",
  responses: { 200: json(Config, "Versions and flags") },
});

const Device = z
  .object({
    id: z.uuid(),
    person_id: z.uuid().nullable().openapi({ description: "The staff user (technician), or null for a vendor crew" }),
    vendor_user_id: z.uuid().nullable(),
    platform: z.enum(["android", "ios", "web"]),
    app_version: z.string().nullable(),
    last_seen_at: z.string(),
    created_at: z.string(),
  })
  .openapi("FieldDevice");

const RegisterBody = z
  .object({
    platform: z.enum(["android", "ios", "web"]),
    fcm_token: z.string().min(1).max(4096),
    app_version: z.string().max(40).nullish(),
  })
  .openapi("FieldDeviceRegister");

const register = createRoute({
  method: "post",
  path: "/api/v1/field/devices",
  summary: "Register this phone for push (upsert by FCM token; a token moves to whoever registers it)",
  request: { body: body(RegisterBody) },
  responses: { 201: json(Device, "Registered"), ...problemResponses(400, 401, 403) },
});

const deregister = createRoute({
  method: "delete",
  path: "/api/v1/field/devices",
  summary: "Stop push to this phone (the token in the body, never in the URL)",
  request: { body: body(z.object({ fcm_token: z.string().min(1).max(4096) }).openapi("FieldDeviceDeregister")) },
  responses: {
    200: json(z.object({ removed: z.boolean() }), "Removed, or it was not registered"),
    ...problemResponses(400, 401, 403, 404),
  },
});

const portalOf = (actor: AppEnv["Variables"]["actor"]) =>
  actor.type === "user" && actor.properties.portal === "vendor" ? "vendor" : "staff";

const toDevice = (d: Field.DeviceInfo, portal: "staff" | "vendor") => ({
  id: d.id,
  person_id: portal === "staff" ? d.userId : null,
  vendor_user_id: portal === "vendor" ? d.userId : null,
  platform: d.platform,
  app_version: d.appVersion,
  last_seen_at: d.lastSeenAt,
  created_at: d.createdAt,
});

/**
 * v1 features of later issues (map assets, fiber, sales orders, voice capture, vendor projects and
 * quotes, customer lookup): a clear 404 problem the app shows as "not available", never a 500.
 */
const later: [string, string][] = [
  ["map-assets", "Map assets arrive with the network inventory (issue 13)"],
  ["fiber", "Fiber splicing and test results arrive with the network inventory (issue 13)"],
  ["sales-orders", "Sales orders from the field are not part of this server yet"],
  ["voice", "Voice capture is not part of this server"],
  ["projects", "Vendor projects and as-built submissions arrive with projects (issue 13)"],
  ["quotes", "Vendor quotes arrive with projects (issue 13)"],
  ["customers", "Customer lookup from the field is not part of this server yet"],
];

const app = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(config, (c) => {
    const cfg = Field.appConfig();
    return c.json(
      { min_app_version: cfg.minAppVersion, latest_app_version: cfg.latestAppVersion, feature_flags: cfg.featureFlags },
      200,
    );
  })
  .openapi(register, async (c) => {
    const input = c.req.valid("json");
    const device = await Field.register({
      platform: input.platform,
      token: input.fcm_token,
      appVersion: input.app_version,
    });
    return c.json(toDevice(device, portalOf(c.get("actor"))), 201);
  })
  .openapi(deregister, async (c) => c.json(await Field.deregister({ token: c.req.valid("json").fcm_token }), 200));

for (const [segment, reason] of later) {
  const refuse = () => {
    throw new AppError("not_found", `${reason}; the app hides this feature when the server lacks it`);
  };
  app.all(`/api/v1/field/${segment}`, refuse).all(`/api/v1/field/${segment}/*`, refuse);
}

export const fieldRoutes = app;
