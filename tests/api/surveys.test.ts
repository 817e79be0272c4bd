import * as Auth from "@dotmac/core/auth";
import { dispatch } from "@dotmac/core/events";
import * as Jobs from "@dotmac/core/jobs";
import { useTransaction } from "@dotmac/core/platform/db";
import { listLocalMail } from "@dotmac/core/platform/mail";
import { surveyInvitationTable, surveyResponseTable } from "@dotmac/core/survey/survey.sql";
import { workOrderTable } from "@dotmac/core/workorder/workorder.sql";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ORIGIN, passwordSignIn, signIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
type Headers = Record<string, string>;
let admin: Headers;
let marketer: Headers;
let tech: Headers;
const password = "correct horse battery staple";

const send = async (method: string, path: string, headers: Headers, body?: unknown) => {
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text,
  };
};
const get = (path: string, headers: Headers = marketer) => send("GET", path, headers);
const post = (path: string, body: unknown = {}, headers: Headers = marketer) => send("POST", path, headers, body);
/** What the public page sends: JSON, no session. */
const publicPost = (path: string, body: unknown) => send("POST", path, { "content-type": "application/json" }, body);

async function user(email: string, roles: string[]): Promise<Headers> {
  await Auth.createUser({ email, password, displayName: email.split("@")[0] as string, roles });
  const token = (await passwordSignIn({ email, password })).accessToken;
  return { authorization: `Bearer ${token}`, "content-type": "application/json" };
}

const questions = [
  { kind: "rating", label: "How was the technician?" },
  { kind: "nps", label: "How likely are you to recommend us?" },
  { kind: "choice", label: "What mattered most?", options: ["Speed", "Price", "Support"] },
  { kind: "text", label: "Anything else?", required: false },
];

let customerId: string;
const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, "");

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  admin = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  marketer = await user("marketer@example.com", ["support"]);
  tech = await user("tech@example.com", ["field_technician"]);
  customerId = (await post("/api/v1/people", { displayName: "Funke Ade", email: "funke@customer.test" }, admin)).body
    .id;
});
afterAll(() => t.close());

describe("surveys API", () => {
  let survey: { id: string; questions: { id: string; kind: string }[] };
  const answersFor = (s: typeof survey, score = 5, nps = 9, choice = "Speed", text?: string) =>
    s.questions.flatMap((q): { questionId: string; score?: number; choice?: string; text?: string }[] =>
      q.kind === "rating"
        ? [{ questionId: q.id, score }]
        : q.kind === "nps"
          ? [{ questionId: q.id, score: nps }]
          : q.kind === "choice"
            ? [{ questionId: q.id, choice }]
            : text
              ? [{ questionId: q.id, text }]
              : [],
    );

  it("a marketer writes a draft survey with each question kind; bad questions say what to fix", async () => {
    expect((await api.request("/api/v1/surveys")).status).toBe(401);
    expect((await post("/api/v1/surveys", { name: "X", questions }, tech)).status).toBe(403);
    const noOptions = await post("/api/v1/surveys", { name: "Bad", questions: [{ kind: "choice", label: "Pick" }] });
    expect([noOptions.status, noOptions.body.errors[0].path]).toEqual([400, "questions.0.options"]);
    const none = await post("/api/v1/surveys", { name: "Empty", questions: [] });
    expect([none.status, none.body.errors[0].path]).toEqual([400, "questions"]);

    const created = await post("/api/v1/surveys", { name: "After your visit", questions, trigger: "ticket_closed" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "draft", trigger: "ticket_closed", isPublic: false });
    expect(created.body.slug).toMatch(/^after-your-visit-/);
    survey = created.body;
    const edited = await send("PUT", `/api/v1/surveys/${survey.id}`, marketer, {
      name: "After your visit",
      questions: created.body.questions,
      trigger: "ticket_closed",
      invitationDays: 7,
    });
    expect(edited.body.invitationDays).toBe(7);
    expect(edited.body.questions.map((q: { id: string }) => q.id)).toEqual(
      created.body.questions.map((q: { id: string }) => q.id),
    );
    expect((await post(`/api/v1/surveys/${survey.id}/status`, { status: "active" })).body.status).toBe("active");
    const late = await send("PUT", `/api/v1/surveys/${survey.id}`, marketer, { name: "Changed", questions });
    expect(late.status).toBe(409);
    expect((await post(`/api/v1/surveys/${survey.id}/status`, { status: "draft" })).status).toBe(409);
  });

  let link: string;
  it("closing a ticket invites its customer once by email; the link answers once; replays change nothing", async () => {
    const ticket = (await post("/api/v1/tickets", { title: "No internet", personId: customerId }, admin)).body.ticket;
    expect(
      (await post(`/api/v1/tickets/${ticket.id}/status`, { status: "closed", note: "Fixed the ONT" }, admin)).status,
    ).toBe(200);
    const mails = (await listLocalMail()).filter(
      (m) => m.to === "funke@customer.test" && m.subject.startsWith("After your visit"),
    );
    expect(mails).toHaveLength(1);
    link = /(http\S+\/survey#token=\S+)/.exec(mails[0]?.text ?? "")?.[1] as string;
    expect(link).toBeDefined();
    // Only the hash is stored.
    const [stored] = await useTransaction((tx) => tx.select().from(surveyInvitationTable));
    expect(stored?.tokenHash).not.toBe(tokenOf(link));
    expect(stored).toMatchObject({ sourceType: "ticket", sourceId: ticket.id, personId: customerId });

    // Reopen and close again: the same ticket invites nobody twice.
    await post(`/api/v1/tickets/${ticket.id}/status`, { status: "open", note: "Back again" }, admin);
    await post(`/api/v1/tickets/${ticket.id}/status`, { status: "closed", note: "Fixed again" }, admin);
    expect(await useTransaction((tx) => tx.select().from(surveyInvitationTable))).toHaveLength(1);

    const token = tokenOf(link);
    const lookup = await publicPost("/api/v1/public-surveys/lookup", { token });
    expect(lookup.body).toMatchObject({ name: "After your visit", state: "open", formToken: null });
    const missing = await publicPost("/api/v1/public-surveys/respond", { token, answers: answersFor(survey).slice(1) });
    expect([missing.status, missing.body.errors[0].path]).toEqual([400, "answers"]);
    const outOfRange = await publicPost("/api/v1/public-surveys/respond", {
      token,
      answers: answersFor(survey, 5, 11),
    });
    expect([outOfRange.status, outOfRange.body.errors[0].path]).toEqual([400, "answers.1.score"]);
    const wrongChoice = await publicPost("/api/v1/public-surveys/respond", {
      token,
      answers: answersFor(survey, 5, 9, "Colour"),
    });
    expect(wrongChoice.status).toBe(400);
    const stranger = await publicPost("/api/v1/public-surveys/respond", {
      token,
      answers: [...answersFor(survey), { questionId: "nope", text: "x" }],
    });
    expect(stranger.status).toBe(400);

    const answer = () =>
      publicPost("/api/v1/public-surveys/respond", {
        token,
        answers: answersFor(survey, 4, 10, "Speed", "Quick and tidy"),
      });
    expect((await answer()).status).toBe(200);
    const replay = await answer();
    expect([replay.status, replay.body.detail]).toEqual([409, "This survey was already answered: thank you"]);
    const [concurrentA, concurrentB] = await Promise.all([answer(), answer()]);
    expect([concurrentA.status, concurrentB.status]).toEqual([409, 409]);
    expect(await useTransaction((tx) => tx.select().from(surveyResponseTable))).toHaveLength(1);
    expect((await publicPost("/api/v1/public-surveys/lookup", { token })).body.state).toBe("answered");
    expect((await publicPost("/api/v1/public-surveys/lookup", { token: "x".repeat(43) })).status).toBe(404);
  });

  it("a completed work order invites too (the domain event, delivered twice, invites once)", async () => {
    const wo = (
      await post("/api/v1/surveys", {
        name: "Installation",
        questions: [{ kind: "rating", label: "Stars" }],
        trigger: "work_order_completed",
      })
    ).body;
    await post(`/api/v1/surveys/${wo.id}/status`, { status: "active" });
    const [order] = await useTransaction((tx) =>
      tx
        .insert(workOrderTable)
        .values({ number: "WO-T-1", title: "Install", status: "completed", personId: customerId })
        .returning(),
    );
    const event = {
      id: "0190a0a0-0000-7000-8000-0000000000e1",
      type: "workorder.completed",
      occurredAt: new Date().toISOString(),
      payload: {
        workOrderId: order?.id,
        outcome: "done",
        completedAt: new Date().toISOString(),
        ticketResolved: false,
      },
    };
    await dispatch(event);
    await dispatch({ ...event, id: "0190a0a0-0000-7000-8000-0000000000e2" });
    const invitations = await useTransaction((tx) =>
      tx.select().from(surveyInvitationTable).where(eq(surveyInvitationTable.surveyId, wo.id)),
    );
    expect(invitations.map((i) => [i.sourceType, i.sourceId])).toEqual([["work_order", order?.id]]);
    const mail = (await listLocalMail()).filter((m) => m.subject === "Installation: how did we do?");
    expect(mail).toHaveLength(1);
    expect(mail[0]?.text).toContain("our visit WO-T-1");
  });

  it("a public survey by slug takes one answer per form token; paused takes none", async () => {
    const open = (
      await post("/api/v1/surveys", { name: "Website feedback", slug: "website-feedback", isPublic: true, questions })
    ).body;
    expect((await publicPost("/api/v1/public-surveys/lookup", { slug: "website-feedback" })).status).toBe(404);
    await post(`/api/v1/surveys/${open.id}/status`, { status: "active" });
    const form = (await publicPost("/api/v1/public-surveys/lookup", { slug: "website-feedback" })).body;
    expect(form).toMatchObject({ state: "open", formToken: expect.any(String) });
    const noToken = await publicPost("/api/v1/public-surveys/respond", {
      slug: "website-feedback",
      answers: answersFor(open),
    });
    expect([noToken.status, noToken.body.errors[0].path]).toEqual([400, "formToken"]);
    const otherSurvey = await publicPost("/api/v1/public-surveys/respond", {
      token: tokenOf(link),
      formToken: form.formToken,
      slug: "website-feedback",
      answers: answersFor(open),
    });
    expect(otherSurvey.status).toBe(400);
    const respond = (formToken: string, nps: number, choice: string, text?: string) =>
      publicPost("/api/v1/public-surveys/respond", {
        slug: "website-feedback",
        formToken,
        answers: answersFor(open, 3, nps, choice, text),
      });
    expect((await respond(form.formToken, 3, "Price", "Too expensive")).status).toBe(200);
    expect((await respond(form.formToken, 3, "Price")).status).toBe(409);
    for (const [nps, choice] of [
      [10, "Speed"],
      [9, "Speed"],
      [7, "Support"],
    ] as const) {
      const next = (await publicPost("/api/v1/public-surveys/lookup", { slug: "website-feedback" })).body.formToken;
      expect((await respond(next, nps, choice)).status).toBe(200);
    }

    const results = (await get(`/api/v1/surveys/${open.id}/results`)).body;
    expect(results.responses).toBe(4);
    const [rating, nps, choice, text] = results.questions;
    expect(rating).toMatchObject({ kind: "rating", average: 3, answered: 4 });
    expect(rating.distribution).toEqual([1, 2, 3, 4, 5].map((v) => ({ value: String(v), count: v === 3 ? 4 : 0 })));
    // 2 promoters, 1 passive, 1 detractor of 4: (2 − 1) / 4 = 25.
    expect(nps.nps).toEqual({ score: 25, promoters: 2, passives: 1, detractors: 1 });
    expect(choice.choices).toEqual([
      { value: "Speed", count: 2 },
      { value: "Price", count: 1 },
      { value: "Support", count: 1 },
    ]);
    expect(text.texts.map((x: { text: string }) => x.text)).toEqual(["Too expensive"]);

    await post(`/api/v1/surveys/${open.id}/status`, { status: "paused" });
    const paused = (await publicPost("/api/v1/public-surveys/lookup", { slug: "website-feedback" })).body;
    expect(paused).toMatchObject({ state: "closed", formToken: null });
    expect((await respond(form.formToken, 10, "Speed")).status).toBe(409);
    expect((await get(`/api/v1/surveys/${open.id}/results`, tech)).status).toBe(403);
  });

  it("public posts carry no cookie authority: a cross-site form with a staff cookie is refused, a cookieless JSON post needs only its token", async () => {
    const session = await signIn((p, i) => api.request(p, i), "marketer@example.com", password);
    const forged = await api.request("/api/v1/public-surveys/respond", {
      method: "POST",
      headers: { cookie: session.cookie, origin: "https://evil.example", "content-type": "text/plain" },
      body: JSON.stringify({ token: "x".repeat(43), answers: [] }),
    });
    expect(forged.status).toBe(403);
    // Same-origin with the cookie: the cookie grants nothing; the unknown token is still unknown.
    const sameOrigin = await api.request("/api/v1/public-surveys/respond", {
      method: "POST",
      headers: {
        cookie: session.cookie,
        origin: ORIGIN,
        "content-type": "application/json",
        "x-csrf-token": session.csrf,
      },
      body: JSON.stringify({ token: "x".repeat(43), answers: [] }),
    });
    expect(sameOrigin.status).toBe(404);
    const [response] = await useTransaction((tx) => tx.select().from(surveyResponseTable).limit(1));
    expect(response?.personId === null || response?.personId === customerId).toBe(true);
  });

  it("the expiry job closes unanswered invitations; an expired link takes no answer", async () => {
    const ticket = (await post("/api/v1/tickets", { title: "Slow line", personId: customerId }, admin)).body.ticket;
    await post(`/api/v1/tickets/${ticket.id}/status`, { status: "closed", note: "Done" }, admin);
    const [mail] = (await listLocalMail())
      .filter((m) => m.to === "funke@customer.test" && m.subject.startsWith("After your visit"))
      .slice(-1);
    const token = tokenOf(/(http\S+\/survey#token=\S+)/.exec(mail?.text ?? "")?.[1] as string);
    await useTransaction((tx) =>
      tx
        .update(surveyInvitationTable)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(surveyInvitationTable.sourceId, ticket.id)),
    );
    expect((await Jobs.run("surveys.expire_invitations")).result).toEqual({ expired: 1 });
    expect((await Jobs.run("surveys.expire_invitations")).result).toEqual({ expired: 0 });
    expect((await publicPost("/api/v1/public-surveys/lookup", { token })).body.state).toBe("expired");
    expect((await publicPost("/api/v1/public-surveys/respond", { token, answers: [] })).status).toBe(409);
  });

  it("answers are rate-limited per client address", async () => {
    let status = 0;
    for (let i = 0; i < 25 && status !== 429; i++) {
      status = (await publicPost("/api/v1/public-surveys/respond", { token: "y".repeat(43), answers: [] })).status;
    }
    expect(status).toBe(429);
  });
});
