import type { Tx } from "./index";

/** Statement text → its prepared name, process-wide (a name always means one text on every connection). */
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 64;

/**
 * Runs one hot statement as a named prepared statement: PostgreSQL and Neon parse and plan it once per
 * connection instead of on every call (PGlite has one connection and ignores the name). For the few
 * statements whose text is a constant and that run many times a second under contention (a stock
 * reservation): planning a four-part CTE costs more than executing it. Beyond MAX_PREPARED distinct
 * texts the statement runs unnamed, so a text that varies cannot fill the server's memory.
 */
export async function executePrepared<R>(tx: Tx, text: string, params: unknown[]): Promise<R[]> {
  let name = preparedNames.get(text);
  if (name === undefined && preparedNames.size < MAX_PREPARED) {
    name = `dotmac_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
  }
  // The text is fixed and numbered ($1, $2…): building it through drizzle's template on every call cost
  // more client CPU than the statement's own parameters (bench/inventory.ts).
  const result = await tx._.session.prepareQuery({ sql: text, params }, undefined, name, false).execute();
  return (result as unknown as { rows: R[] }).rows;
}
