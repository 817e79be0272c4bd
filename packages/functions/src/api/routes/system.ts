import * as System from "@dotmac/core/system";
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../base";
import { openapiHook, problemResponses } from "../openapi";
import { json } from "../route-helpers";

const JobRun = z.object({
  status: z.enum(["running", "succeeded", "failed"]),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

export const SystemStatus = z
  .object({
    database: z.object({
      driver: z.enum(["pglite", "pg", "neon"]),
      migration: z.object({ applied: z.number(), available: z.number(), latest: z.string().nullable() }),
    }),
    adapters: z.object({ queue: z.string(), blob: z.string(), events: z.string() }),
    queue: z.object({ ready: z.number(), inFlight: z.number(), deadLetters: z.number() }),
    outbox: z.object({ pending: z.number() }),
    jobs: z.array(
      z.object({ name: z.string(), schedule: z.string(), description: z.string(), lastRun: JobRun.nullable() }),
    ),
    inbound: z.array(
      z.object({
        id: z.string(),
        provider: z.string(),
        messageId: z.string(),
        type: z.string().nullable(),
        status: z.enum(["processed", "failed"]),
        attempts: z.number(),
        error: z.string().nullable(),
        receivedAt: z.string(),
        processedAt: z.string(),
      }),
    ),
    deadLetters: z.array(
      z.object({ id: z.string(), reason: z.string(), receiveCount: z.number(), failedAt: z.string() }),
    ),
  })
  .openapi("SystemStatus");

const status = createRoute({
  method: "get",
  path: "/status",
  summary: "Database, queue, jobs and recent inbound events (staff only)",
  responses: {
    200: json(SystemStatus, "Current status"),
    ...problemResponses(401),
  },
});

export const system = new OpenAPIHono<AppEnv>({ defaultHook: openapiHook }).openapi(status, async (c) =>
  c.json(await System.status(), 200),
);
