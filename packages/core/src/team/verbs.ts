import { and, asc, eq, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { live, liveRow, softRemove } from "../platform/soft-delete";
import { teamTable } from "./team.sql";

export const Info = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type Info = z.infer<typeof Info>;

type Row = typeof teamTable.$inferSelect;
const toInfo = (r: Row): Info => ({
  id: r.id,
  name: r.name,
  description: r.description,
  updatedAt: r.updatedAt.toISOString(),
});

/** Every live team by name: anyone who works tickets picks from it, settings manage it. */
export const list = fn(z.object({}).default({}), async (): Promise<Info[]> => {
  if (!holds("support:ticket:read")) requirePermission("system:settings:read");
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(teamTable)
      .where(live(teamTable))
      .orderBy(asc(sql`lower(${teamTable.name})`)),
  );
  return rows.map(toInfo);
});

const Fields = z.object({ name: text(100), description: text(500).nullish() });

async function assertFreeName(tx: Tx, name: string, except?: string) {
  const [taken] = await tx
    .select({ id: teamTable.id })
    .from(teamTable)
    .where(
      and(
        sql`lower(${teamTable.name}) = lower(${name})`,
        live(teamTable),
        ...(except ? [ne(teamTable.id, except)] : []),
      ),
    );
  if (taken) {
    throw new AppError("conflict", `A team named ${name} already exists; choose another name`, [
      { path: "name", message: "is already a team" },
    ]);
  }
}

export const create = fn(Fields, async (input): Promise<Info> => {
  requirePermission("system:settings:write");
  return createTransaction(async (tx) => {
    await assertFreeName(tx, input.name);
    const [row] = await tx
      .insert(teamTable)
      .values({ name: input.name, description: input.description ?? null })
      .returning();
    const team = row as Row;
    await Audit.record({
      action: "team.created",
      entityType: "team",
      entityId: team.id,
      changes: Audit.diff(null, team, ["name", "description"]),
    });
    return toInfo(team);
  });
});

export const update = fn(Fields.partial().extend({ id: id() }), async ({ id, ...changes }): Promise<Info> => {
  requirePermission("system:settings:write");
  return createTransaction(async (tx) => {
    const current = await liveRow(tx, teamTable, "Team", id, true);
    if (changes.name) await assertFreeName(tx, changes.name, id);
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length === 0) return toInfo(current);
    const [row] = await tx.update(teamTable).set(set).where(eq(teamTable.id, id)).returning();
    const team = row ?? current;
    const diff = Audit.diff(current, team, ["name", "description"]);
    if (Object.keys(diff).length > 0) {
      await Audit.record({ action: "team.updated", entityType: "team", entityId: id, changes: diff });
    }
    return toInfo(team);
  });
});

/** Removes a team from the list (soft delete): tickets that had it keep it, new ones cannot pick it. */
export const remove = fn(id(), async (id): Promise<void> => {
  requirePermission("system:settings:write");
  await createTransaction(async (tx) => {
    const current = await liveRow(tx, teamTable, "Team", id, true);
    await softRemove(tx, teamTable, eq(teamTable.id, id));
    await Audit.record({
      action: "team.removed",
      entityType: "team",
      entityId: id,
      changes: { name: { from: current.name } },
    });
  });
});

/** Refuses a team id that is not a live team, naming the field (for ticket verbs). */
export async function assertLive(tx: Tx, id: string, path = "teamId"): Promise<void> {
  const [row] = await tx
    .select({ id: teamTable.id })
    .from(teamTable)
    .where(and(eq(teamTable.id, id), live(teamTable)));
  if (!row) {
    throw new AppError(
      "validation",
      `${path}: team ${id} does not exist or was removed`,
      [{ path, message: "is not a team" }],
      { reason: { key: "team_unavailable" } },
    );
  }
}
