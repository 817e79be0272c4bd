import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { personTable } from "../person/person.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { invitationSources, type QuestionKind, surveyStatuses, surveyTriggers } from "./values";

export interface SurveyQuestion {
  id: string;
  kind: QuestionKind;
  label: string;
  required: boolean;
  /** Choice questions only. */
  options?: string[] | undefined;
}

/** A survey: its questions (edited only in draft), how it is reached, and what sends it. */
export const surveyTable = pgTable(
  "crm_survey",
  {
    id: id(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description"),
    status: text("status", { enum: surveyStatuses }).notNull().default("draft"),
    questions: jsonb("questions").$type<SurveyQuestion[]>().notNull(),
    /** Anyone with `/s/<slug>` may answer; otherwise only invitation links. */
    isPublic: boolean("is_public").notNull().default(false),
    trigger: text("trigger", { enum: surveyTriggers }).notNull().default("manual"),
    /** How long an invitation link stays open. */
    invitationDays: integer("invitation_days").notNull().default(14),
    createdById: uuid("created_by_id").references(() => userTable.id),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    uniqueIndex("crm_survey_slug_idx").on(t.slug),
    index("crm_survey_trigger_idx").on(t.trigger, t.status).where(sql`${t.deletedAt} is null`),
    check("crm_survey_invitation_days", sql`${t.invitationDays} between 1 and 365`),
  ],
);

/**
 * A single-use link to one survey for one person (only the token's hash is stored), at most one per
 * survey and source (a replayed "ticket closed" event invites nobody twice).
 */
export const surveyInvitationTable = pgTable(
  "crm_survey_invitation",
  {
    id: id(),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveyTable.id),
    personId: uuid("person_id").references(() => personTable.id),
    email: text("email"),
    tokenHash: text("token_hash").notNull(),
    sourceType: text("source_type", { enum: invitationSources }).notNull(),
    sourceId: uuid("source_id").notNull(),
    expiresAt: instant("expires_at").notNull(),
    expiredAt: instant("expired_at"),
    respondedAt: instant("responded_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("crm_survey_invitation_token_idx").on(t.tokenHash),
    uniqueIndex("crm_survey_invitation_source_idx").on(t.surveyId, t.sourceType, t.sourceId),
    index("crm_survey_invitation_open_idx")
      .on(t.expiresAt)
      .where(sql`${t.respondedAt} is null and ${t.expiredAt} is null`),
  ],
);

/** One answered survey: at most one per invitation, and one per public form token (a replay is a no-op). */
export const surveyResponseTable = pgTable(
  "crm_survey_response",
  {
    id: id(),
    surveyId: uuid("survey_id")
      .notNull()
      .references(() => surveyTable.id),
    invitationId: uuid("invitation_id").references(() => surveyInvitationTable.id),
    /** The public form's signed nonce: the same form submitted twice is one response. */
    formNonce: text("form_nonce"),
    personId: uuid("person_id").references(() => personTable.id),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("crm_survey_response_invitation_idx").on(t.invitationId),
    uniqueIndex("crm_survey_response_nonce_idx").on(t.formNonce),
    index("crm_survey_response_survey_idx").on(t.surveyId, t.createdAt),
  ],
);

/** One answer of a response, typed so results aggregate in SQL (rating and NPS in `score`). */
export const surveyAnswerTable = pgTable(
  "crm_survey_answer",
  {
    id: id(),
    responseId: uuid("response_id")
      .notNull()
      .references(() => surveyResponseTable.id),
    surveyId: uuid("survey_id").notNull(),
    questionId: text("question_id").notNull(),
    score: integer("score"),
    choice: text("choice"),
    text: text("text"),
  },
  (t) => [
    uniqueIndex("crm_survey_answer_idx").on(t.responseId, t.questionId),
    index("crm_survey_answer_question_idx").on(t.surveyId, t.questionId),
  ],
);

export { invitationSources, surveyStatuses, surveyTriggers };
