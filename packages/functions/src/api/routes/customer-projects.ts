/** Kept apart from the project front door: the customer portal group loads this file alone (cold path). */
import * as CustomerProject from "@dotmac/core/project/customer";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

const ProjectView = z.object(CustomerProject.ProjectView.shape).openapi("CustomerProject");

const list = createRoute({
  method: "get",
  path: "/",
  summary: "The signed-in customer's projects with their stage progress",
  description: "Only their own (by person or subscriber); internal tasks, people and costs are never shown.",
  responses: { 200: json(z.object({ items: z.array(ProjectView) }), "The projects"), ...problemResponses(401, 403) },
});

/** /api/v1/customer/projects */
export const customerProjects = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(list, async (c) =>
  c.json({ items: await CustomerProject.projects() }, 200),
);
