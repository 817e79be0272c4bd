import { userTable } from "@dotmac/core/auth/auth.sql";
import { setConfig } from "@dotmac/core/platform/config";
import { withActor } from "@dotmac/core/platform/context";
import { type CsvCell, csvRow, csvStream } from "@dotmac/core/platform/csv";
import { closeConnection, openDatabase, setConnection } from "@dotmac/core/platform/db";
import { subscriberTable } from "@dotmac/core/subscriber/subscriber.sql";
import { teamTable } from "@dotmac/core/team/team.sql";
import * as Ticket from "@dotmac/core/ticket";
import { ticketTable, ticketTypeTable } from "@dotmac/core/ticket/ticket.sql";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { csvHeader } from "../../packages/core/src/ticket/export";

/**
 * One CSV export of every live ticket, in its own process so its peak memory is its own (the tickets
 * bench starts one per run). BENCH_EXPORT_MODE:
 * - stream: Ticket.exportCsv, the product's streamed export (what GET /tickets/export.csv sends);
 * - naive: the baseline, one query joining everything into memory, then the same encoder;
 * - joined-pages: a proposed fix, measured beside them: the same keyset walk and csvStream, but pages
 *   of 1,000 rows from one query that joins the labels (the product issues ~6 queries per 200 rows).
 * Prints one line of JSON: rows, bytes, ms, peak RSS and heap sampled every 10 ms, and maxRSS.
 */

const mode = process.env.BENCH_EXPORT_MODE;
if (mode !== "stream" && mode !== "naive" && mode !== "joined-pages") {
  throw new Error("BENCH_EXPORT_MODE must be stream, naive or joined-pages");
}
const connection = await openDatabase(setConfig(process.env));
setConnection(connection);

const peak = { rss: 0, heapUsed: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
};
sample();
const idle = { ...peak };
const sampler = setInterval(sample, 10);

const actor = {
  type: "user" as const,
  properties: {
    userId: process.env.BENCH_USER_ID ?? "",
    email: "bench@example.com",
    portal: "staff" as const,
    roles: ["admin"],
    permissions: [],
  },
};

const t = ticketTable;
const columns = {
  number: t.number,
  title: t.title,
  status: t.status,
  priority: t.priority,
  type: ticketTypeTable.name,
  channel: t.channel,
  subscriber: subscriberTable.subscriberNumber,
  assignee: userTable.email,
  team: teamTable.name,
  region: t.region,
  tags: t.tags,
  createdAt: t.createdAt,
  dueAt: t.dueAt,
  resolvedAt: t.resolvedAt,
  closedAt: t.closedAt,
};
/** The keyset position, to the microsecond, as the list's cursor carries it. */
const key = {
  id: t.id,
  createdText: sql<string>`to_char(${t.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};
const naive = () =>
  connection.db
    .select(columns)
    .from(t)
    .leftJoin(ticketTypeTable, eq(ticketTypeTable.id, t.ticketTypeId))
    .leftJoin(subscriberTable, eq(subscriberTable.id, t.subscriberId))
    .leftJoin(userTable, eq(userTable.id, t.primaryAssigneeId))
    .leftJoin(teamTable, eq(teamTable.id, t.teamId));
const keyed = () =>
  connection.db
    .select({ ...columns, ...key })
    .from(t)
    .leftJoin(ticketTypeTable, eq(ticketTypeTable.id, t.ticketTypeId))
    .leftJoin(subscriberTable, eq(subscriberTable.id, t.subscriberId))
    .leftJoin(userTable, eq(userTable.id, t.primaryAssigneeId))
    .leftJoin(teamTable, eq(teamTable.id, t.teamId));
type Row = Awaited<ReturnType<typeof naive>>[number];
type KeyedRow = Awaited<ReturnType<typeof keyed>>[number];
const cells = (r: Row): CsvCell[] => [
  r.number,
  r.title,
  r.status,
  r.priority,
  r.type,
  r.channel,
  r.subscriber,
  r.assignee,
  r.team,
  r.region,
  r.tags.join(";"),
  r.createdAt,
  r.dueAt,
  r.resolvedAt,
  r.closedAt,
];

async function* joinedPages(): AsyncGenerator<CsvCell[]> {
  const PAGE = 1000;
  let after: KeyedRow | undefined;
  for (;;) {
    const rows: KeyedRow[] = await keyed()
      .where(
        and(
          isNull(t.deletedAt),
          after ? sql`(${t.createdAt}, ${t.id}) < (${after.createdText}::timestamptz, ${after.id}::uuid)` : undefined,
        ),
      )
      .orderBy(desc(t.createdAt), desc(t.id))
      .limit(PAGE);
    for (const r of rows) yield cells(r);
    if (rows.length < PAGE) return;
    after = rows.at(-1);
  }
}

let lines = 0;
let bytes = 0;
// The seeded cells hold no line breaks, so rows = LFs minus the header's.
const newlines = (chunk: Uint8Array) => {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
};
async function drain(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    bytes += value.byteLength;
    lines += newlines(value);
  }
}

const started = performance.now();
if (mode === "stream") {
  await drain(await withActor(actor, () => Ticket.exportCsv({})));
} else if (mode === "joined-pages") {
  await drain(await csvStream(csvHeader, joinedPages()));
} else {
  const all = await naive().where(isNull(t.deletedAt)).orderBy(desc(t.createdAt), desc(t.id));
  const text = [csvRow(csvHeader)];
  for (const r of all) text.push(csvRow(cells(r)));
  const body = new TextEncoder().encode(text.join(""));
  lines = newlines(body);
  bytes = body.byteLength;
}
const ms = performance.now() - started;
clearInterval(sampler);
sample();
await closeConnection();
process.stdout.write(
  `${JSON.stringify({
    mode,
    rows: lines - 1,
    bytes,
    ms,
    idleRssBytes: idle.rss,
    idleHeapBytes: idle.heapUsed,
    peakRssBytes: peak.rss,
    peakHeapBytes: peak.heapUsed,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  })}\n`,
);
