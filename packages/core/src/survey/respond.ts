import { and, eq, gt, isNull, sql } from "drizzle-orm";
import * as z from "zod";
import { hashToken } from "../auth/token";
import { useRequestMeta } from "../platform/context";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import * as RateLimit from "../platform/rate-limit";
import { signedNonce } from "../platform/signed-nonce";
import {
  type SurveyQuestion,
  surveyAnswerTable,
  surveyInvitationTable,
  surveyResponseTable,
  surveyTable,
} from "./survey.sql";
import { Question } from "./surveys";

/** Public form tokens: a signed nonce per opened form, bound to the survey (its nonce is the response's dedupe key). */
const formTokens = signedNonce("survey-form");
/** Answers accepted per client address per hour, across surveys (public, unauthenticated). */
export const RESPONSES_PER_HOUR = 20;

const Token = z.string().min(20).max(200);
const Slug = z
  .string()
  .min(3)
  .max(60)
  .regex(/^[a-z0-9-]+$/, "is not a survey address");

export const PublicSurvey = z.object({
  name: z.string(),
  description: z.string().nullable(),
  questions: z.array(Question),
  /** open: answer it; answered: this link's answer is in; expired/closed: it takes no answers. */
  state: z.enum(["open", "answered", "expired", "closed"]),
  /** Public forms only: send it back with the answers. */
  formToken: z.string().nullable(),
});
export type PublicSurvey = z.infer<typeof PublicSurvey>;

const Ref = z
  .object({ slug: Slug.optional(), token: Token.optional() })
  .refine((v) => (v.slug === undefined) !== (v.token === undefined), {
    message: "send either `slug` (a public survey) or `token` (an invitation link)",
    path: ["token"],
  });

const unknown = () => new AppError("not_found", "This survey link is not known; use the link you were sent");

async function resolve(tx: Tx, ref: z.infer<typeof Ref>) {
  if (ref.token) {
    const [row] = await tx
      .select({ survey: surveyTable, invitation: surveyInvitationTable })
      .from(surveyInvitationTable)
      .innerJoin(surveyTable, eq(surveyTable.id, surveyInvitationTable.surveyId))
      .where(eq(surveyInvitationTable.tokenHash, hashToken(ref.token)));
    if (!row || row.survey.deletedAt) throw unknown();
    return row;
  }
  const [survey] = await tx
    .select()
    .from(surveyTable)
    .where(
      and(eq(surveyTable.slug, ref.slug as string), eq(surveyTable.isPublic, true), isNull(surveyTable.deletedAt)),
    );
  if (!survey || survey.status === "draft") throw unknown();
  return { survey, invitation: null };
}

type Resolved = Awaited<ReturnType<typeof resolve>>;
function stateOf({ survey, invitation }: Resolved, now = new Date()): PublicSurvey["state"] {
  if (invitation?.respondedAt) return "answered";
  if (survey.status !== "active") return "closed";
  if (invitation && (invitation.expiredAt || invitation.expiresAt <= now)) return "expired";
  return "open";
}

/** The survey behind a slug or an invitation token (public: the token, in the body, is the credential). */
export const lookup = fn(Ref, async (ref): Promise<PublicSurvey> => {
  const found = await useTransaction((tx) => resolve(tx, ref));
  const state = stateOf(found);
  return {
    name: found.survey.name,
    description: found.survey.description,
    questions: found.survey.questions,
    state,
    formToken: !found.invitation && state === "open" ? await formTokens.issue(found.survey.id) : null,
  };
});

const Answer = z.object({
  questionId: z.string().max(40),
  score: z.number().int().optional(),
  choice: z.string().max(200).optional(),
  text: z.string().trim().max(2000).optional(),
});

/** Each answer fits its question; required questions are answered; nothing answers an unknown question. */
function checkAnswers(questions: SurveyQuestion[], answers: z.infer<typeof Answer>[]) {
  const bad = (path: string, message: string) =>
    new AppError("validation", `Invalid input: ${path}: ${message}`, [{ path, message }]);
  const seen = new Set<string>();
  for (const [i, a] of answers.entries()) {
    const q = questions.find((x) => x.id === a.questionId);
    if (!q) throw bad(`answers.${i}.questionId`, "is not a question of this survey");
    if (seen.has(q.id)) throw bad(`answers.${i}.questionId`, "is answered twice");
    seen.add(q.id);
    if (q.kind === "rating" && (a.score === undefined || a.score < 1 || a.score > 5))
      throw bad(`answers.${i}.score`, "must be 1 to 5");
    if (q.kind === "nps" && (a.score === undefined || a.score < 0 || a.score > 10))
      throw bad(`answers.${i}.score`, "must be 0 to 10");
    if (q.kind === "choice" && (!a.choice || !q.options?.includes(a.choice)))
      throw bad(`answers.${i}.choice`, "must be one of the question's options");
    if (q.kind === "text" && !a.text) throw bad(`answers.${i}.text`, "must not be empty");
  }
  for (const q of questions) {
    if (q.required && !seen.has(q.id)) throw bad("answers", `"${q.label}" needs an answer`);
  }
}

/**
 * A public answer: by invitation token (one response per invitation: a conditional UPDATE claims it,
 * so a replay or a double submit changes nothing) or by slug with the form token the lookup issued
 * (its nonce is unique on the response). Rate-limited per client address. No cookie is read: the
 * token in the body is the only authority, so a forged cross-site post has nothing to ride on.
 */
export const respond = fn(
  z.object({
    slug: Slug.optional(),
    token: Token.optional(),
    formToken: z.string().max(200).optional(),
    answers: z.array(Answer).max(30),
  }),
  async (input): Promise<{ state: "answered" }> => {
    const ref = Ref.safeParse({ slug: input.slug, token: input.token });
    if (!ref.success) {
      throw new AppError("validation", "Invalid input: send either `slug` and `formToken`, or `token`", [
        { path: "token", message: "one of slug or token" },
      ]);
    }
    const ip = useRequestMeta().ip ?? "unknown";
    await RateLimit.enforce(
      `survey-respond:${ip}`,
      { limit: RESPONSES_PER_HOUR, windowSeconds: 3600 },
      "Too many answers from this address",
    );
    return createTransaction(async (tx) => {
      const found = await resolve(tx, ref.data);
      const state = stateOf(found);
      if (state !== "open") {
        throw new AppError(
          "conflict",
          state === "answered"
            ? "This survey was already answered: thank you"
            : "This survey is not taking answers any more",
          [{ path: "token", message: state }],
        );
      }
      checkAnswers(found.survey.questions, input.answers);
      let formNonce: string | null = null;
      if (found.invitation) {
        const [claimed] = await tx
          .update(surveyInvitationTable)
          .set({ respondedAt: new Date() })
          .where(
            and(
              eq(surveyInvitationTable.id, found.invitation.id),
              isNull(surveyInvitationTable.respondedAt),
              isNull(surveyInvitationTable.expiredAt),
              gt(surveyInvitationTable.expiresAt, sql`now()`),
            ),
          )
          .returning({ id: surveyInvitationTable.id });
        if (!claimed)
          throw new AppError("conflict", "This survey was already answered: thank you", [
            { path: "token", message: "answered" },
          ]);
      } else {
        formNonce = (await formTokens.verify(input.formToken, found.survey.id)) ?? null;
        if (!formNonce) {
          throw new AppError("validation", "Invalid input: formToken: reload the survey page and answer again", [
            { path: "formToken", message: "missing or not issued for this survey" },
          ]);
        }
      }
      const [response] = await tx
        .insert(surveyResponseTable)
        .values({
          surveyId: found.survey.id,
          invitationId: found.invitation?.id ?? null,
          formNonce,
          personId: found.invitation?.personId ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: surveyResponseTable.id });
      if (!response)
        throw new AppError("conflict", "This form was already submitted: thank you", [
          { path: "formToken", message: "used" },
        ]);
      if (input.answers.length) {
        await tx.insert(surveyAnswerTable).values(
          input.answers.map((a) => ({
            responseId: response.id,
            surveyId: found.survey.id,
            questionId: a.questionId,
            score: a.score ?? null,
            choice: a.choice ?? null,
            text: a.text ?? null,
          })),
        );
      }
      return { state: "answered" as const };
    });
  },
);
