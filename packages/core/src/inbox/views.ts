import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import * as Audit from "../audit";
import { assertActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, text } from "../platform/input";
import { teamMemberTable, teamTable } from "../team/team.sql";
import { savedFilterTable } from "../ticket/ticket.sql";
import { ListFilters } from "./conversations";

/**
 * Saved views of the conversation list: the ticket list's saved filters (`saved_filter`, kind
 * `conversation`), plus sharing with one team whose members see the view read-only in their sidebar.
 */
export const ViewFilters = ListFilters.omit({ cursor: true, limit: true }).strict();

export const ViewInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  filters: z.record(z.string(), z.unknown()),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  /** The caller saved it (and may change or delete it); false for a view a teammate shared. */
  mine: z.boolean(),
  updatedAt: z.iso.datetime(),
});
export type ViewInfo = z.infer<typeof ViewInfo>;

const f = savedFilterTable;
const KIND = "conversation";

function owner(): string {
  requirePermission("crm:inbox:read");
  return assertActor("user").properties.userId;
}

const myTeams = (userId: string) =>
  sql`(select ${teamMemberTable.teamId} from ${teamMemberTable} where ${teamMemberTable.userId} = ${userId})`;

/** The caller's views and those shared with their teams, by name. */
export const list = fn(z.object({}).default({}), async (): Promise<ViewInfo[]> => {
  const userId = owner();
  const rows = await useTransaction((tx) =>
    tx
      .select({ row: f, teamName: teamTable.name })
      .from(f)
      .leftJoin(teamTable, eq(teamTable.id, f.teamId))
      .where(and(eq(f.kind, KIND), or(eq(f.userId, userId), inArray(f.teamId, myTeams(userId)))))
      .orderBy(asc(sql`lower(${f.name})`), asc(f.id)),
  );
  return rows.map(({ row, teamName }) => ({
    id: row.id,
    name: row.name,
    filters: row.filters,
    teamId: row.teamId,
    teamName,
    mine: row.userId === userId,
    updatedAt: row.updatedAt.toISOString(),
  }));
});

/** Saves the list's filters under a name, replacing the caller's view of that name; `teamId` shares it. */
export const save = fn(
  z.object({ name: text(100), filters: ViewFilters, teamId: id().nullable().default(null) }),
  async ({ name, filters, teamId }): Promise<ViewInfo> => {
    const userId = owner();
    const stored = JSON.parse(JSON.stringify(filters)) as Record<string, unknown>;
    const row = await createTransaction(async (tx) => {
      if (teamId) {
        const [member] = await tx
          .select({ teamId: teamMemberTable.teamId })
          .from(teamMemberTable)
          .where(and(eq(teamMemberTable.teamId, teamId), eq(teamMemberTable.userId, userId)));
        if (!member && !holds("crm:inbox:admin")) {
          throw new AppError("validation", "teamId: share a view only with a team you belong to", [
            { path: "teamId", message: "not one of your teams" },
          ]);
        }
      }
      const [before] = await tx
        .select()
        .from(f)
        .where(and(eq(f.userId, userId), eq(f.kind, KIND), eq(f.name, name)));
      const [saved] = await tx
        .insert(f)
        .values({ userId, kind: KIND, name, teamId, filters: stored })
        .onConflictDoUpdate({
          target: [f.userId, f.kind, f.name],
          set: { filters: stored, teamId, updatedAt: new Date() },
        })
        .returning();
      await Audit.record({
        action: "inbox.view_saved",
        entityType: "saved_filter",
        entityId: saved?.id,
        changes: Audit.diff(before ? { name, filters: before.filters, teamId: before.teamId } : null, {
          name,
          filters: stored,
          teamId,
        }),
      });
      return saved as typeof f.$inferSelect;
    });
    const views = await list({});
    return views.find((v) => v.id === row.id) as ViewInfo;
  },
);

/** Deletes one of the caller's views; a teammate's shared view or another user's id is a 404. */
export const remove = fn(id(), async (viewId): Promise<void> => {
  const userId = owner();
  await createTransaction(async (tx) => {
    const [row] = await tx
      .delete(f)
      .where(and(eq(f.id, viewId), eq(f.userId, userId), eq(f.kind, KIND)))
      .returning();
    if (!row) throw new AppError("not_found", `View ${viewId} does not exist`);
    await Audit.record({
      action: "inbox.view_deleted",
      entityType: "saved_filter",
      entityId: viewId,
      changes: { name: { from: row.name }, filters: { from: row.filters } },
    });
  });
});
