import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook } from "../openapi";
import { inventory } from "../routes/inventory";
import { inventoryMaterials } from "../routes/inventory-materials";
import { materialRequests } from "../routes/material-requests";

/** Stock as a ledger: items, locations, balances, jobs' materials, and technicians' material requests. */
export const routes = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook })
  .route("/api/v1/inventory/work-orders", inventoryMaterials)
  .route("/api/v1/inventory", inventory)
  .route("/api/v1/material-requests", materialRequests);
