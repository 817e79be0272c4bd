import { eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { int, text } from "../platform/input";
import { ticketNumberSequenceTable } from "./ticket.sql";

/** One numbered sequence (a row of `ticket_number_sequence`, which every numbered record shares). */
export interface NumberSequence {
  scope: string;
  /** The pattern a fresh sequence starts with (admins may change it for tickets). */
  pattern: string;
  padding: number;
}

const TICKETS: NumberSequence = { scope: "ticket", pattern: "TCK-{YYYY}-", padding: 6 };
const SCOPE = TICKETS.scope;
const DEFAULT_PATTERN = TICKETS.pattern;

/** Renders the date tokens of `pattern` for `at` in UTC. */
export function renderPrefix(pattern: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return pattern
    .replaceAll("{YYYY}", String(at.getUTCFullYear()))
    .replaceAll("{MM}", pad(at.getUTCMonth() + 1))
    .replaceAll("{DD}", pad(at.getUTCDate()));
}

export const formatNumber = (prefix: string, value: number, padding: number) =>
  `${prefix}${String(value).padStart(padding, "0")}`;

/** A numbered series in `ticket_number_sequence`: its scope and the format it starts with. */
export interface Series {
  scope: string;
  pattern: string;
  padding: number;
}

/**
 * The next number of `series`, taken under a row lock in the caller's transaction: concurrent creates
 * queue on the row, so numbers are distinct and consecutive unless a create rolls back. Tickets,
 * inventory SKUs and material requests each have their own scope (row) in the one sequence table.
 */
export async function nextInSeries(tx: Transaction, series: Series, at = new Date()): Promise<string> {
  await tx
    .insert(ticketNumberSequenceTable)
    .values({ scope: series.scope, pattern: series.pattern, padding: series.padding })
    .onConflictDoNothing();
  const [seq] = await tx
    .select()
    .from(ticketNumberSequenceTable)
    .where(eq(ticketNumberSequenceTable.scope, series.scope))
    .for("update");
  if (!seq) throw new AppError("internal", `The ${series.scope} number sequence is missing`);
  const prefix = renderPrefix(seq.pattern, at);
  // A new period (the rendered prefix changed) restarts the counter.
  const value = prefix === seq.prefix ? seq.nextValue : seq.start;
  await tx
    .update(ticketNumberSequenceTable)
    .set({ prefix, nextValue: value + 1 })
    .where(eq(ticketNumberSequenceTable.scope, series.scope));
  return formatNumber(prefix, value, seq.padding);
}

/** The next number of `sequence`, tickets unless given (see nextInSeries). */
export const nextNumber = (tx: Transaction, at = new Date(), sequence: Series = TICKETS): Promise<string> =>
  nextInSeries(tx, sequence, at);

export const NumberingInfo = z.object({
  pattern: z.string(),
  padding: z.number().int(),
  start: z.number().int(),
  nextValue: z.number().int(),
  /** What the next ticket created now would be numbered. */
  preview: z.string(),
});
export type NumberingInfo = z.infer<typeof NumberingInfo>;

/** Changes the ticket number format. A new pattern restarts the counter at `start` when its prefix differs. */
export const configureNumbering = fn(
  z.object({
    pattern: text(40, { min: 0 })
      .regex(/^[A-Za-z0-9_.{}-]*$/, "may hold letters, digits, - _ . and the tokens {YYYY} {MM} {DD}")
      .refine((p) => !/\{(?!YYYY\}|MM\}|DD\})/.test(p), "only {YYYY}, {MM} and {DD} are tokens"),
    padding: int(0, 12),
    start: int(0, 1_000_000_000).default(1),
  }),
  async (input): Promise<NumberingInfo> => {
    requirePermission("system:settings:write");
    return createTransaction(async (tx) => {
      await tx
        .insert(ticketNumberSequenceTable)
        .values({ scope: SCOPE, pattern: DEFAULT_PATTERN, padding: 6 })
        .onConflictDoNothing();
      const [before] = await tx
        .select()
        .from(ticketNumberSequenceTable)
        .where(eq(ticketNumberSequenceTable.scope, SCOPE))
        .for("update");
      if (!before) throw new AppError("internal", "The ticket number sequence is missing");
      const nextValue = Math.max(before.nextValue, input.start);
      const [after] = await tx
        .update(ticketNumberSequenceTable)
        .set({ pattern: input.pattern, padding: input.padding, start: input.start, nextValue })
        .where(eq(ticketNumberSequenceTable.scope, SCOPE))
        .returning();
      const seq = after ?? before;
      await Audit.record({
        action: "ticket.numbering_changed",
        entityType: "ticket_number_sequence",
        entityId: null,
        changes: Audit.diff(before, seq, ["pattern", "padding", "start"]),
      });
      const prefix = renderPrefix(seq.pattern, new Date());
      const value = prefix === seq.prefix ? seq.nextValue : seq.start;
      return {
        pattern: seq.pattern,
        padding: seq.padding,
        start: seq.start,
        nextValue: seq.nextValue,
        preview: formatNumber(prefix, value, seq.padding),
      };
    });
  },
);
