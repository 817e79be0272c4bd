import * as Auth from "@dotmac/core/auth";
import { Vendor } from "@dotmac/core/portal";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

// Re-wrapped so the schemas are created after @hono/zod-openapi has extended zod.
const ProfileSchema = z.object(Vendor.Profile.shape).openapi("VendorProfile");
const UserSchema = z.object(Auth.Info.shape).openapi("PortalUser");

const profile = createRoute({
  method: "get",
  path: "/profile",
  summary: "The signed-in vendor's organisation",
  responses: { 200: json(ProfileSchema, "The vendor organisation"), ...problemResponses(401, 403) },
});

const users = createRoute({
  method: "get",
  path: "/users",
  summary: "The accounts of the signed-in vendor's organisation, by name",
  responses: {
    200: json(z.object({ items: z.array(UserSchema) }), "The vendor's accounts"),
    ...problemResponses(401, 403),
  },
});

/** The vendor portal's own routes under `/api/v1/vendor`: everything is scoped to the signed-in account in core. */
export const vendorPortal = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .openapi(profile, async (c) => c.json(await Vendor.profile(), 200))
  .openapi(users, async (c) => c.json({ items: await Vendor.users() }, 200));
