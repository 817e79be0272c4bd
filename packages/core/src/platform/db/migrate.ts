import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import journal from "../../../migrations/meta/_journal.json";
import type { Connection } from "./index";

export const migrationsFolder = fileURLToPath(new URL("../../../migrations", import.meta.url));

/** Applies the committed drizzle-kit migrations with the migrator of the connection's driver. */
export async function migrate(connection: Connection): Promise<void> {
  const options = { migrationsFolder };
  if (connection.driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(connection.db as never, options);
  } else if (connection.driver === "pg") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(connection.db as never, options);
  } else {
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    await migrate(connection.db as never, options);
  }
}

export interface MigrationState {
  applied: number;
  available: number;
  latest: string | null;
}

/** Which committed migration the database is on, read from drizzle's own bookkeeping table. */
export async function migrationState(connection: Connection): Promise<MigrationState> {
  const rows = await connection.db
    .execute<{ created_at: string | number }>(
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc`,
    )
    .then((r) => (r as unknown as { rows: { created_at: string | number }[] }).rows)
    .catch(() => []);
  const newest = rows[0] ? Number(rows[0].created_at) : undefined;
  const entry = journal.entries.find((e) => e.when === newest);
  return { applied: rows.length, available: journal.entries.length, latest: entry?.tag ?? null };
}
