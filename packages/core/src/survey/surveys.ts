import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { useActor } from "../platform/context";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { createId } from "../platform/ids";
import { id, int, text } from "../platform/input";
import { liveRow } from "../platform/soft-delete";
import { type SurveyQuestion, surveyInvitationTable, surveyResponseTable, surveyTable } from "./survey.sql";
import { questionKinds, type SurveyStatus, surveyStatuses, surveyTriggers } from "./values";

const s = surveyTable;
type SurveyRow = typeof s.$inferSelect;

export const Question = z.object({
  id: z.string(),
  kind: z.enum(questionKinds),
  label: z.string(),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
});

const QuestionInput = z
  .object({
    /** Kept when given (editing a draft), else minted. */
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .optional(),
    kind: z.enum(questionKinds),
    label: text(500),
    required: z.boolean().default(true),
    options: z.array(text(200)).min(2).max(20).optional(),
  })
  .refine((q) => q.kind !== "choice" || (q.options?.length ?? 0) >= 2, {
    message: "a multiple-choice question needs at least two options",
    path: ["options"],
  })
  .refine((q) => q.kind === "choice" || q.options === undefined, {
    message: "only multiple-choice questions have options",
    path: ["options"],
  })
  .refine((q) => !q.options || new Set(q.options).size === q.options.length, {
    message: "lists an option twice",
    path: ["options"],
  });

export const SurveyInfo = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  status: z.enum(surveyStatuses),
  questions: z.array(Question),
  isPublic: z.boolean(),
  trigger: z.enum(surveyTriggers),
  invitationDays: z.number().int(),
  responses: z.number().int(),
  invitations: z.number().int(),
  createdAt: z.string(),
});
export type SurveyInfo = z.infer<typeof SurveyInfo>;

async function toInfos(tx: Tx, rows: SurveyRow[]): Promise<SurveyInfo[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((x) => x.id);
  const countBy = (table: typeof surveyResponseTable | typeof surveyInvitationTable) =>
    tx
      .select({ surveyId: table.surveyId, n: count() })
      .from(table)
      .where(inArray(table.surveyId, ids))
      .groupBy(table.surveyId);
  const [responses, invitations] = await Promise.all([countBy(surveyResponseTable), countBy(surveyInvitationTable)]);
  return rows.map((x) => {
    return {
      id: x.id,
      name: x.name,
      slug: x.slug,
      description: x.description,
      status: x.status,
      questions: x.questions,
      isPublic: x.isPublic,
      trigger: x.trigger,
      invitationDays: x.invitationDays,
      responses: responses.find((c) => c.surveyId === x.id)?.n ?? 0,
      invitations: invitations.find((c) => c.surveyId === x.id)?.n ?? 0,
      createdAt: x.createdAt.toISOString(),
    };
  });
}
const one = async (tx: Tx, row: SurveyRow) => (await toInfos(tx, [row]))[0] as SurveyInfo;

const slugOf = (name: string) =>
  `${
    name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "survey"
  }-${createId().slice(-6)}`;

const SurveyInput = z.object({
  name: text(200),
  /** The public address `/s/<slug>`; minted from the name when absent. */
  slug: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,58}[a-z0-9])$/, "use 3–60 lower-case letters, digits and dashes")
    .optional(),
  description: text(2000).optional(),
  questions: z.array(QuestionInput).min(1).max(30),
  isPublic: z.boolean().default(false),
  trigger: z.enum(surveyTriggers).default("manual"),
  invitationDays: int(1, 365).default(14),
});

const questionsOf = (input: z.infer<typeof QuestionInput>[]): SurveyQuestion[] => {
  const out = input.map((q) => ({
    id: q.id ?? createId().slice(-12),
    kind: q.kind,
    label: q.label,
    required: q.required,
    ...(q.kind === "choice" ? { options: q.options } : {}),
  }));
  if (new Set(out.map((q) => q.id)).size !== out.length) {
    throw new AppError("validation", "Invalid input: questions: two questions share an id", [
      { path: "questions", message: "ids must be unique" },
    ]);
  }
  return out;
};

const actingUserId = () => {
  const actor = useActor();
  return actor.type === "user" ? actor.properties.userId : null;
};

export const create = fn(SurveyInput, async (input): Promise<SurveyInfo> => {
  requirePermission("crm:campaign:write");
  return createTransaction(async (tx) => {
    const [row] = await tx
      .insert(s)
      .values({
        name: input.name,
        slug: input.slug ?? slugOf(input.name),
        description: input.description ?? null,
        questions: questionsOf(input.questions),
        isPublic: input.isPublic,
        trigger: input.trigger,
        invitationDays: input.invitationDays,
        createdById: actingUserId(),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new AppError("conflict", `The address ${input.slug} is taken; pick another slug`, [
        { path: "slug", message: "already used" },
      ]);
    }
    await Audit.record({
      action: "survey.created",
      entityType: "survey",
      entityId: row.id,
      changes: { name: { to: row.name } },
    });
    return one(tx, row);
  });
});

const surveyOf = (tx: Tx, surveyId: string, lock = false) => liveRow(tx, s, "Survey", surveyId, lock);

/** Replaces a draft's questions and settings; once active, only its status changes. */
export const update = fn(SurveyInput.extend({ id: id() }), async (input): Promise<SurveyInfo> => {
  requirePermission("crm:campaign:write");
  return createTransaction(async (tx) => {
    const row = await surveyOf(tx, input.id, true);
    if (row.status !== "draft") {
      throw new AppError(
        "conflict",
        `This survey is ${row.status}: only a draft can be edited (answers would no longer match)`,
        [{ path: "status", message: row.status }],
      );
    }
    const [updated] = await tx
      .update(s)
      .set({
        name: input.name,
        slug: input.slug ?? row.slug,
        description: input.description ?? null,
        questions: questionsOf(input.questions),
        isPublic: input.isPublic,
        trigger: input.trigger,
        invitationDays: input.invitationDays,
      })
      .where(eq(s.id, row.id))
      .returning();
    await Audit.record({
      action: "survey.updated",
      entityType: "survey",
      entityId: row.id,
      changes: Audit.diff(row, updated as SurveyRow, ["name", "slug", "isPublic", "trigger", "invitationDays"]),
    });
    return one(tx, updated as SurveyRow);
  });
});

const transitions: Record<SurveyStatus, SurveyStatus[]> = {
  draft: ["active", "closed"],
  active: ["paused", "closed"],
  paused: ["active", "closed"],
  closed: [],
};

/** draft → active ⇄ paused → closed. Only an active survey takes answers or sends invitations. */
export const setStatus = fn(
  z.object({ id: id(), status: z.enum(surveyStatuses) }),
  async (input): Promise<SurveyInfo> => {
    requirePermission("crm:campaign:write");
    return createTransaction(async (tx) => {
      const row = await surveyOf(tx, input.id, true);
      if (row.status === input.status) return one(tx, row);
      if (!transitions[row.status].includes(input.status)) {
        throw new AppError("conflict", `A ${row.status} survey cannot become ${input.status}`, [
          { path: "status", message: `allowed: ${transitions[row.status].join(", ") || "none"}` },
        ]);
      }
      const [updated] = await tx.update(s).set({ status: input.status }).where(eq(s.id, row.id)).returning();
      await Audit.record({
        action: "survey.status_changed",
        entityType: "survey",
        entityId: row.id,
        changes: { status: { from: row.status, to: input.status } },
      });
      return one(tx, updated as SurveyRow);
    });
  },
);

export const get = fn(id(), async (surveyId): Promise<SurveyInfo> => {
  requirePermission("crm:campaign:read");
  return useTransaction(async (tx) => one(tx, await surveyOf(tx, surveyId)));
});

export const list = fn(
  z.object({ status: z.enum(surveyStatuses).optional() }),
  async (input): Promise<SurveyInfo[]> => {
    requirePermission("crm:campaign:read");
    return useTransaction(async (tx) => {
      const rows = await tx
        .select()
        .from(s)
        .where(and(sql`${s.deletedAt} is null`, input.status ? eq(s.status, input.status) : undefined))
        .orderBy(desc(s.createdAt), asc(s.name))
        .limit(200);
      return toInfos(tx, rows);
    });
  },
);
