import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import * as z from "zod";
import { holds, requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { personTable } from "../person/person.sql";
import { assertActor } from "../platform/context";
import { createTransaction, type Transaction, useTransaction } from "../platform/db";
import { AppError, errorCodes, isAppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, key, text } from "../platform/input";
import { teamTable } from "../team/team.sql";
import { requireVisible } from "./access";
import * as Actions from "./actions";
import * as Assignment from "./assignment";
import { conversationPriorities } from "./inbox.sql";
import { inboxMacroRunTable, inboxMacroTable, macroVisibilities } from "./macros.sql";
import * as Notes from "./notes";
import { reply } from "./outbound/reply";
import { inboxTemplateTable } from "./templates.sql";
import { withReason } from "./why";
import { inboxCannedResponseTable, inboxLabelTable } from "./workspace.sql";

/** One step of a macro. Names and ids are checked against the catalogues when the macro is saved. */
export const Step = z.discriminatedUnion("type", [
  z.object({ type: z.literal("assign"), userId: id() }),
  z.object({ type: z.literal("transfer"), teamId: id() }),
  z.object({ type: z.literal("status"), status: z.enum(Actions.settableStatuses) }),
  z.object({ type: z.literal("priority"), priority: z.enum(conversationPriorities) }),
  z.object({ type: z.literal("add_label"), label: text(50) }),
  z.object({ type: z.literal("remove_label"), label: text(50) }),
  /** A canned response sent as the agent's reply (`{{contact.first_name}}` filled in). */
  z.object({ type: z.literal("send_canned"), cannedId: id() }),
  /** A WhatsApp template (the only message allowed outside the 24-hour window). */
  z.object({
    type: z.literal("send_template"),
    name: key(512),
    language: key(15),
    variables: z.array(text(1024)).max(20).default([]),
  }),
  z.object({ type: z.literal("note"), body: text(4_000) }),
]);
export type Step = z.infer<typeof Step>;
export const stepTypes = Step.options.map((o) => o.shape.type.value);

export const MacroInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  visibility: z.enum(macroVisibilities),
  ownerId: z.uuid(),
  /** Whether the caller may change or delete it. */
  editable: z.boolean(),
  actions: z.array(Step),
  runCount: z.number(),
  updatedAt: z.iso.datetime(),
});
export type MacroInfo = z.infer<typeof MacroInfo>;

type Row = typeof inboxMacroTable.$inferSelect;

function me(): string {
  return assertActor("user").properties.userId;
}

/**
 * Personal macros are their owner's (crm:macro:write); shared ones are inbox settings, so changing them
 * takes crm:inbox:settings:write (team leads and admins), as labels and canned responses do.
 */
function mayEdit(row: Pick<Row, "visibility" | "ownerId">, userId: string): boolean {
  return row.visibility === "shared" ? holds("crm:inbox:settings:write") : row.ownerId === userId;
}

const toInfo = (r: Row, userId: string): MacroInfo => ({
  id: r.id,
  name: r.name,
  visibility: r.visibility,
  ownerId: r.ownerId,
  editable: mayEdit(r, userId),
  actions: r.actions as Step[],
  runCount: r.runCount,
  updatedAt: r.updatedAt.toISOString(),
});

const visibleTo = (userId: string) => or(eq(inboxMacroTable.visibility, "shared"), eq(inboxMacroTable.ownerId, userId));

/** Shared macros and the caller's own, by name. */
export const list = fn(z.object({}).default({}), async (): Promise<MacroInfo[]> => {
  requirePermission("crm:macro:read");
  const userId = me();
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(inboxMacroTable)
      .where(visibleTo(userId))
      .orderBy(asc(sql`lower(${inboxMacroTable.name})`)),
  );
  return rows.map((r) => toInfo(r, userId));
});

function stepError(index: number, step: Step, field: string, problem: string): AppError {
  return new AppError("validation", `actions.${index} (${step.type}): ${problem}`, [
    { path: `actions.${index}.${field}`, message: problem },
  ]);
}

/** Checks each step against the catalogues, answering the steps as stored (label names in the catalogue's spelling). */
async function checkSteps(tx: Transaction, steps: Step[]): Promise<Step[]> {
  const out: Step[] = [];
  for (const [i, step] of steps.entries()) {
    switch (step.type) {
      case "assign": {
        const [user] = await tx
          .select({ id: userTable.id })
          .from(userTable)
          .where(and(eq(userTable.id, step.userId), eq(userTable.portal, "staff"), isNull(userTable.deactivatedAt)));
        if (!user) throw stepError(i, step, "userId", "no active staff user has this id");
        out.push(step);
        break;
      }
      case "transfer": {
        const [team] = await tx
          .select({ id: teamTable.id })
          .from(teamTable)
          .where(and(eq(teamTable.id, step.teamId), isNull(teamTable.deletedAt)));
        if (!team) throw stepError(i, step, "teamId", "no team has this id");
        out.push(step);
        break;
      }
      case "add_label":
      case "remove_label": {
        const [label] = await tx
          .select({ name: inboxLabelTable.name })
          .from(inboxLabelTable)
          .where(eq(sql`lower(${inboxLabelTable.name})`, step.label.toLowerCase()));
        if (!label) {
          throw stepError(i, step, "label", `label "${step.label}" is not in the label catalogue; add it first`);
        }
        out.push({ ...step, label: label.name });
        break;
      }
      case "send_canned": {
        const [canned] = await tx
          .select({ id: inboxCannedResponseTable.id })
          .from(inboxCannedResponseTable)
          .where(eq(inboxCannedResponseTable.id, step.cannedId));
        if (!canned) throw stepError(i, step, "cannedId", "no canned response has this id");
        out.push(step);
        break;
      }
      case "send_template": {
        const [template] = await tx
          .select({ id: inboxTemplateTable.id })
          .from(inboxTemplateTable)
          .where(and(eq(inboxTemplateTable.name, step.name), eq(inboxTemplateTable.language, step.language)));
        if (!template) {
          throw stepError(
            i,
            step,
            "name",
            `no WhatsApp template ${step.name} (${step.language}); sync the templates first`,
          );
        }
        out.push(step);
        break;
      }
      default:
        out.push(step);
    }
  }
  return out;
}

const MacroName = text(100);
const MacroFields = z.object({
  name: MacroName,
  visibility: z.enum(macroVisibilities).default("personal"),
  actions: z.array(Step).min(1).max(20),
});

function requireWrite(visibility: Row["visibility"]) {
  requirePermission(visibility === "shared" ? "crm:inbox:settings:write" : "crm:macro:write");
}

function nameTaken(name: string): AppError {
  return new AppError("conflict", `A macro named ${name} exists already; choose another name`, [
    { path: "name", message: "already used" },
  ]);
}

/** Saves a new macro; every step is checked now, so a run never meets an unknown label or agent. */
export const create = fn(MacroFields, async (input): Promise<MacroInfo> => {
  requireWrite(input.visibility);
  const userId = me();
  return createTransaction(async (tx) => {
    const actions = await checkSteps(tx, input.actions);
    const [row] = await tx
      .insert(inboxMacroTable)
      .values({ name: input.name, visibility: input.visibility, ownerId: userId, actions })
      .onConflictDoNothing()
      .returning();
    if (!row) throw nameTaken(input.name);
    await Audit.record({
      action: "inbox.macro_created",
      entityType: "inbox_macro",
      entityId: row.id,
      changes: { name: { to: row.name }, visibility: { to: row.visibility }, actions: { to: actions } },
    });
    return toInfo(row, userId);
  });
});

async function editable(tx: Transaction, macroId: string, userId: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(inboxMacroTable)
    .where(and(eq(inboxMacroTable.id, macroId), visibleTo(userId)))
    .for("update");
  if (!row) throw new AppError("not_found", "No such macro");
  requireWrite(row.visibility);
  if (!mayEdit(row, userId)) throw new AppError("not_found", "No such macro");
  return row;
}

/** Renames a macro, replaces its steps or shares it (sharing takes crm:inbox:settings:write). */
export const update = fn(MacroFields.partial().extend({ id: id() }), async ({ id, ...changes }): Promise<MacroInfo> => {
  const userId = me();
  return createTransaction(async (tx) => {
    const before = await editable(tx, id, userId);
    if (changes.visibility) requireWrite(changes.visibility);
    const actions = changes.actions ? await checkSteps(tx, changes.actions) : undefined;
    const name = changes.name ?? before.name;
    const visibility = changes.visibility ?? before.visibility;
    const [clash] = await tx
      .select({ id: inboxMacroTable.id })
      .from(inboxMacroTable)
      .where(
        and(
          eq(sql`lower(${inboxMacroTable.name})`, name.toLowerCase()),
          eq(inboxMacroTable.visibility, visibility),
          visibility === "personal" ? eq(inboxMacroTable.ownerId, before.ownerId) : undefined,
          sql`${inboxMacroTable.id} <> ${id}`,
        ),
      );
    if (clash) throw nameTaken(name);
    const [row] = await tx
      .update(inboxMacroTable)
      .set({
        ...(changes.name ? { name: changes.name } : {}),
        ...(changes.visibility ? { visibility: changes.visibility } : {}),
        ...(actions ? { actions } : {}),
      })
      .where(eq(inboxMacroTable.id, id))
      .returning();
    const after = row as Row;
    await Audit.record({
      action: "inbox.macro_updated",
      entityType: "inbox_macro",
      entityId: id,
      changes: Audit.diff(before, after, ["name", "visibility", "actions"]),
    });
    return toInfo(after, userId);
  });
});

export const remove = fn(id(), async (macroId): Promise<void> => {
  const userId = me();
  await createTransaction(async (tx) => {
    const row = await editable(tx, macroId, userId);
    await tx.delete(inboxMacroTable).where(eq(inboxMacroTable.id, macroId));
    await Audit.record({
      action: "inbox.macro_deleted",
      entityType: "inbox_macro",
      entityId: macroId,
      changes: { name: { from: row.name }, actions: { from: row.actions } },
    });
  });
});

export const RunResult = z.object({
  runId: z.uuid(),
  results: z.array(
    z.object({
      conversationId: z.uuid(),
      /** `already_ran`: this run id was applied to the conversation before (a double click): nothing changed twice. */
      outcome: z.enum(["applied", "already_ran", "failed"]),
      /** The step that refused, when `failed`; the conversation was left as it was. */
      failed: z
        .object({
          /** The step's index in `actions`; null when the conversation itself was refused (not visible). */
          step: z.number().int().nullable(),
          type: z.enum(stepTypes as [Step["type"], ...Step["type"][]]).nullable(),
          code: z.enum(errorCodes),
          reason: z.string().nullable(),
          params: z.record(z.string(), z.string()),
          detail: z.string(),
        })
        .nullable(),
    }),
  ),
});
export type RunResult = z.infer<typeof RunResult>;

class StepFailed extends Error {
  constructor(
    readonly index: number | null,
    readonly step: Step | null,
    readonly error: AppError,
  ) {
    super(error.message);
  }
}

function fill(body: string, firstName: string): string {
  return body.replace(/\{\{\s*contact\.first_name\s*\}\}/g, firstName);
}

/** One step on one conversation, inside the conversation's transaction (each verb nests into it). */
async function apply(tx: Transaction, conversationId: string, step: Step, replyKey: string, userId: string) {
  switch (step.type) {
    case "assign":
      if (step.userId === userId) await Assignment.take({ conversationId });
      else await Assignment.assign({ conversationId, userId: step.userId });
      return;
    case "transfer":
      await Assignment.transfer({ conversationId, teamId: step.teamId });
      return;
    case "status":
      await Actions.setStatus({ id: conversationId, status: step.status });
      return;
    case "priority":
      await Actions.setPriority({ id: conversationId, priority: step.priority });
      return;
    case "add_label":
    case "remove_label": {
      const row = await requireVisible(tx, conversationId);
      const drop = step.label.toLowerCase();
      const next =
        step.type === "add_label"
          ? [...new Set([...row.labels, step.label])]
          : row.labels.filter((l) => l.toLowerCase() !== drop);
      await Actions.setLabels({ id: conversationId, labels: next });
      return;
    }
    case "send_canned": {
      const [canned] = await tx
        .select()
        .from(inboxCannedResponseTable)
        .where(eq(inboxCannedResponseTable.id, step.cannedId));
      if (!canned) throw new AppError("not_found", "The macro's canned response was removed; edit the macro");
      const row = await requireVisible(tx, conversationId);
      const [person] = await tx
        .select({ firstName: personTable.firstName, displayName: personTable.displayName })
        .from(personTable)
        .where(eq(personTable.id, row.personId));
      const firstName = person?.firstName ?? person?.displayName.split(" ")[0] ?? "";
      await reply({ conversationId, body: fill(canned.body, firstName), idempotencyKey: replyKey });
      return;
    }
    case "send_template":
      await reply({
        conversationId,
        template: { name: step.name, language: step.language, variables: step.variables },
        idempotencyKey: replyKey,
      });
      return;
    case "note":
      await Notes.addNote({ id: conversationId, body: step.body });
      return;
  }
}

async function runOn(macro: Row, runId: string, conversationId: string, userId: string) {
  try {
    return await withReason(`macro ${macro.name}`, () =>
      createTransaction(async (tx) => {
        await requireVisible(tx, conversationId);
        const [ran] = await tx
          .insert(inboxMacroRunTable)
          .values({ runId, macroId: macro.id, conversationId, userId, steps: macro.actions.length })
          .onConflictDoNothing()
          .returning({ id: inboxMacroRunTable.id });
        if (!ran) return { conversationId, outcome: "already_ran" as const, failed: null };
        for (const [index, step] of (macro.actions as Step[]).entries()) {
          try {
            await apply(tx, conversationId, step, `macro:${runId}:${conversationId}:${index}`, userId);
          } catch (error) {
            if (!isAppError(error) || error.code === "internal" || error.code === "unavailable") throw error;
            throw new StepFailed(index, step, error);
          }
        }
        await tx
          .update(inboxMacroTable)
          .set({ runCount: sql`${inboxMacroTable.runCount} + 1` })
          .where(eq(inboxMacroTable.id, macro.id));
        return { conversationId, outcome: "applied" as const, failed: null };
      }),
    );
  } catch (error) {
    const failure =
      error instanceof StepFailed
        ? error
        : isAppError(error) && error.code !== "internal" && error.code !== "unavailable"
          ? new StepFailed(null, null, error)
          : undefined;
    if (!failure) throw error;
    return {
      conversationId,
      outcome: "failed" as const,
      failed: {
        step: failure.index,
        type: failure.step?.type ?? null,
        code: failure.error.code,
        reason: failure.error.reason?.key ?? null,
        params: Object.fromEntries(Object.entries(failure.error.reason?.params ?? {}).map(([k, v]) => [k, String(v)])),
        detail: failure.error.message,
      },
    };
  }
}

const RunInput = z.object({
  macroId: id(),
  conversationIds: z.array(id()).min(1).max(50),
  /**
   * Chosen by the client once per click; the same run id again (a double click, a retried request)
   * answers `already_ran` for conversations it changed and sends no second reply.
   */
  runId: id(),
});

/**
 * Runs a macro on one or more conversations: each conversation in its own transaction, its steps in
 * order, every change logged with the reason "macro <name>". A step that is refused (a closed window, a
 * transition the status rules forbid) rolls that conversation back and is reported by its index.
 */
export const run = fn(RunInput, async (input): Promise<RunResult> => {
  requirePermission("crm:macro:read");
  requirePermission("crm:inbox:write");
  const userId = me();
  const [macro] = await useTransaction((tx) =>
    tx
      .select()
      .from(inboxMacroTable)
      .where(and(eq(inboxMacroTable.id, input.macroId), visibleTo(userId))),
  );
  if (!macro) throw new AppError("not_found", "No such macro");
  const results: RunResult["results"] = [];
  for (const conversationId of [...new Set(input.conversationIds)]) {
    results.push(await runOn(macro, input.runId, conversationId, userId));
  }
  return { runId: input.runId, results };
});
