import type { SQL } from "drizzle-orm";
import type { PgDialect } from "drizzle-orm/pg-core";
import type { Tx } from "./index";

/** Statement text → its prepared name, process-wide (a name always means one text on every connection). */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 64;

/**
 * Runs one hot statement as a named prepared statement: PostgreSQL and Neon parse and plan it once per
 * connection instead of on every call (PGlite has one connection and ignores the name). For the few
 * statements whose text is fixed and that run many times a second under contention (a stock
 * reservation): planning a four-part CTE costs more than executing it. Beyond MAX_PREPARED distinct
 * texts the statement runs unnamed, so a text that varies cannot fill the server's memory.
 */
export async function executePrepared<R>(tx: Tx, query: SQL): Promise<R[]> {
  // The database's own dialect (a property drizzle keeps on every database and transaction): importing
  // pg-core's PgDialect here would put ~18 KiB on every Lambda's cold path.
  const built = (tx as unknown as { dialect: PgDialect }).dialect.sqlToQuery(query);
  let name = preparedNames.get(built.sql);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `dotmac_${preparedNames.size + 1}`;
    preparedNames.set(built.sql, name);
  }
  const result = await tx._.session.prepareQuery(built, undefined, name, false).execute();
  return (result as unknown as { rows: R[] }).rows;
}
