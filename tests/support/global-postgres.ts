import { migrate } from "@dotmac/core/platform/db/migrate";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres";
import { startWsBridge } from "./ws-bridge";

/** Starts PostgreSQL (and the WebSocket bridge for the Neon driver) and migrates a template database. */
export default async function setup(project: TestProject) {
  const server = await startPostgres();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("create database dotmac_template");
  await admin.end();
  const templateUrl = server.url.replace(/\/postgres$/, "/dotmac_template");
  const pool = new pg.Pool({ connectionString: templateUrl });
  await migrate({ db: drizzle(pool) as never, driver: "pg", close: () => pool.end() });
  await pool.end();
  const bridge = await startWsBridge(server.port);
  project.provide("pgUrl", server.url);
  project.provide("neonProxy", `127.0.0.1:${bridge.port}/?address={host}:{port}`);
  return async () => {
    await bridge.close();
    server.stop();
  };
}
