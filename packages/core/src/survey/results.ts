import { and, count, desc, eq, isNotNull, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import { useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { liveRow } from "../platform/soft-delete";
import { surveyAnswerTable, surveyInvitationTable, surveyResponseTable, surveyTable } from "./survey.sql";
import { questionKinds } from "./values";

const Bucket = z.object({ value: z.string(), count: z.number().int() });

export const QuestionResult = z.object({
  id: z.string(),
  kind: z.enum(questionKinds),
  label: z.string(),
  answered: z.number().int(),
  /** Rating 1–5 and NPS 0–10: every value with its count (zeros included, for the chart). */
  distribution: z.array(Bucket),
  average: z.number().nullable(),
  /** NPS: % promoters (9–10) − % detractors (0–6), −100…100, rounded to an integer. */
  nps: z
    .object({
      score: z.number().int(),
      promoters: z.number().int(),
      passives: z.number().int(),
      detractors: z.number().int(),
    })
    .nullable(),
  /** Multiple choice: each option with its count, in the question's order. */
  choices: z.array(Bucket),
  /** Free text: the latest answers. */
  texts: z.array(z.object({ text: z.string(), at: z.string() })),
});

export const Results = z.object({
  surveyId: z.string(),
  responses: z.number().int(),
  invitations: z.object({ sent: z.number().int(), answered: z.number().int(), expired: z.number().int() }),
  questions: z.array(QuestionResult),
});
export type Results = z.infer<typeof Results>;

/** NPS from 0–10 counts: promoters 9–10, passives 7–8, detractors 0–6 (Bain's definition). */
export function npsOf(counts: Map<number, number>) {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [score, n] of counts) {
    if (score >= 9) promoters += n;
    else if (score >= 7) passives += n;
    else detractors += n;
  }
  const total = promoters + passives + detractors;
  const score = total === 0 ? 0 : Math.round(((promoters - detractors) * 100) / total);
  return { score, promoters, passives, detractors };
}

/** Results of a survey, aggregated in SQL: distributions, NPS, choice counts and the latest free texts. */
export const results = fn(id(), async (surveyId): Promise<Results> => {
  requirePermission("crm:campaign:read");
  return useTransaction(async (tx) => {
    const survey = await liveRow(tx, surveyTable, "Survey", surveyId);
    const a = surveyAnswerTable;
    const [responses] = await tx
      .select({ n: count() })
      .from(surveyResponseTable)
      .where(eq(surveyResponseTable.surveyId, survey.id));
    const [inv] = await tx
      .select({
        sent: count(),
        answered: sql<number>`count(*) filter (where ${surveyInvitationTable.respondedAt} is not null)::int`,
        expired: sql<number>`count(*) filter (where ${surveyInvitationTable.expiredAt} is not null and ${surveyInvitationTable.respondedAt} is null)::int`,
      })
      .from(surveyInvitationTable)
      .where(eq(surveyInvitationTable.surveyId, survey.id));
    const scores = await tx
      .select({ questionId: a.questionId, score: a.score, n: count() })
      .from(a)
      .where(and(eq(a.surveyId, survey.id), isNotNull(a.score)))
      .groupBy(a.questionId, a.score);
    const choices = await tx
      .select({ questionId: a.questionId, choice: a.choice, n: count() })
      .from(a)
      .where(and(eq(a.surveyId, survey.id), isNotNull(a.choice)))
      .groupBy(a.questionId, a.choice);
    const texts = await tx
      .select({ questionId: a.questionId, text: a.text, at: surveyResponseTable.createdAt })
      .from(a)
      .innerJoin(surveyResponseTable, eq(surveyResponseTable.id, a.responseId))
      .where(and(eq(a.surveyId, survey.id), isNotNull(a.text)))
      .orderBy(desc(surveyResponseTable.createdAt))
      .limit(200);
    return {
      surveyId: survey.id,
      responses: responses?.n ?? 0,
      invitations: { sent: inv?.sent ?? 0, answered: Number(inv?.answered ?? 0), expired: Number(inv?.expired ?? 0) },
      questions: survey.questions.map((q) => {
        const counts = new Map(scores.filter((x) => x.questionId === q.id).map((x) => [x.score as number, x.n]));
        const range =
          q.kind === "rating" ? [1, 2, 3, 4, 5] : q.kind === "nps" ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] : [];
        const scored = [...counts.entries()].reduce((acc, [, n]) => acc + n, 0);
        const sum = [...counts.entries()].reduce((acc, [score, n]) => acc + score * n, 0);
        const choiceCounts = choices.filter((x) => x.questionId === q.id);
        const textRows = texts.filter((x) => x.questionId === q.id);
        return {
          id: q.id,
          kind: q.kind,
          label: q.label,
          answered:
            q.kind === "choice"
              ? choiceCounts.reduce((acc, x) => acc + x.n, 0)
              : q.kind === "text"
                ? textRows.length
                : scored,
          distribution: range.map((value) => ({ value: String(value), count: counts.get(value) ?? 0 })),
          average: range.length && scored ? Math.round((sum / scored) * 10) / 10 : null,
          nps: q.kind === "nps" ? npsOf(counts) : null,
          choices: (q.options ?? []).map((option) => ({
            value: option,
            count: choiceCounts.find((x) => x.choice === option)?.n ?? 0,
          })),
          texts: textRows.slice(0, 50).map((x) => ({ text: x.text as string, at: x.at.toISOString() })),
        };
      }),
    };
  });
});
