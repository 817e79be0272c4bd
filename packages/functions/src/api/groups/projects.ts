import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { projectSlaPolicies, projects, projectTasks, projectTemplates } from "../routes/projects";

/** Projects from templates: plans scheduled through dependencies, tasks, comments, costs. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/projects", projects)
  .route("/api/v1/project-tasks", projectTasks)
  .route("/api/v1/project-templates", projectTemplates)
  .route("/api/v1/project-sla-policies", projectSlaPolicies);
