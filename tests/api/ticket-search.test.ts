import * as Auth from "@dotmac/core/auth";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staffToken, testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";

// The ticket list's text search (`q`) and the filters the dashboard and "my team" views lean on,
// through the API; then that the indexes serving them exist and the planner can use them.

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let auth: Record<string, string>;
let opsId: string;
const created: Record<string, { id: string; number: string }> = {};
const teams: Record<string, string> = {};

const send = (method: string, path: string, body?: unknown) =>
  api.request(path, { method, headers: auth, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const search = async (query: Record<string, string>) => {
  const res = await api.request(`/api/v1/tickets?${new URLSearchParams(query)}`, { headers: auth });
  expect(res.status).toBe(200);
  return ((await res.json()).items as { id: string; title: string }[]).map((i) => i.title).sort();
};
const rows = <T>(result: unknown) => (result as { rows: T[] }).rows;

beforeAll(async () => {
  t = await setupTestDatabase();
  api = testApp();
  auth = { authorization: `Bearer ${await staffToken()}`, "content-type": "application/json" };
  opsId = (await Auth.fromEmail("ops@example.com"))?.id as string;
  for (const name of ["field", "noc"]) {
    const res = await send("POST", "/api/v1/teams", { name });
    expect(res.status).toBe(201);
    teams[name] = (await res.json()).id;
  }
  const tickets = [
    { title: "Fibre cut on Admiralty Way", description: "Splice box crushed by a truck", teamId: teams.field },
    { title: "Router reboot loop", description: "Customer says the LOS light is red", teamId: teams.noc },
    { title: "Discount of 100% promised", description: "Sales offered 100% off the first month" },
    { title: "Line item missing", description: "Invoice field plan_code is blank" },
    { title: "Plan code mismatch", description: "planXcode shows on the portal" },
    { title: "Back\\slash in the ONT name", description: "Name reads ONT\\01" },
  ];
  for (const body of tickets) {
    const res = await send("POST", "/api/v1/tickets", body);
    expect(res.status).toBe(201);
    const { ticket } = await res.json();
    created[body.title] = { id: ticket.id, number: ticket.number };
  }
  await send("POST", `/api/v1/tickets/${created["Router reboot loop"]?.id}/assign`, { primaryAssigneeId: opsId });
});
afterAll(() => t.close());

describe("ticket text search", () => {
  it("matches the title, the description and the number, whatever the case", async () => {
    expect(await search({ q: "FIBRE" })).toEqual(["Fibre cut on Admiralty Way"]);
    expect(await search({ q: "los light" })).toEqual(["Router reboot loop"]);
    const number = created["Line item missing"]?.number ?? "";
    expect(await search({ q: number })).toEqual(["Line item missing"]);
    expect(await search({ q: number.slice(-6) })).toEqual(["Line item missing"]);
  });

  it("a search that matches nothing answers an empty page", async () => {
    const res = await api.request("/api/v1/tickets?q=no-such-words-anywhere", { headers: auth });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [], nextCursor: null });
  });

  it("% and _ are literal characters, not wildcards; a backslash is literal too", async () => {
    expect(await search({ q: "100%" })).toEqual(["Discount of 100% promised"]);
    expect(await search({ q: "%" })).toEqual(["Discount of 100% promised"]);
    expect(await search({ q: "plan_code" })).toEqual(["Line item missing"]);
    expect(await search({ q: "_" })).toEqual(["Line item missing"]);
    expect(await search({ q: "ONT\\01" })).toEqual(["Back\\slash in the ONT name"]);
  });

  it("combines with the other filters: team + assignee, and a team the assignee never works in", async () => {
    expect(await search({ q: "router", assigneeId: opsId, teamId: teams.noc ?? "" })).toEqual(["Router reboot loop"]);
    expect(await search({ assigneeId: opsId, teamId: teams.field ?? "" })).toEqual([]);
  });

  it("refuses a query longer than 200 characters with a 400 saying so", async () => {
    const res = await api.request(`/api/v1/tickets?q=${"a".repeat(201)}`, { headers: auth });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(await res.json())).toContain("q");
  });
});

describe("the indexes behind search, the team + assignee filter and the dashboard", () => {
  it("the migrations create pg_trgm and the trigram, assignee/team, dashboard and unassigned indexes", async () => {
    const db = t.connection.db;
    const ext = rows<{ extname: string }>(await db.execute(sql`select extname from pg_extension`));
    expect(ext.map((e) => e.extname)).toContain("pg_trgm");
    const indexes = rows<{ indexname: string; indexdef: string }>(
      await db.execute(sql`select indexname, indexdef from pg_indexes where tablename = 'ticket'`),
    );
    const def = (name: string) => indexes.find((i) => i.indexname === name)?.indexdef ?? "(missing)";
    expect(def("ticket_search_trgm_idx")).toMatch(/USING gin .*gin_trgm_ops.*WHERE \(deleted_at IS NULL\)/);
    expect(def("ticket_assignee_team_idx")).toContain("(primary_assignee_id, team_id)");
    expect(def("ticket_dashboard_idx")).toContain("(status, team_id, priority)");
    expect(def("ticket_unassigned_idx")).toContain("primary_assignee_id IS NULL");
  });

  it("the planner answers a rare-word search from the trigram index at volume", async () => {
    // 10,000 more tickets inside a transaction that is rolled back, so the planner weighs more than a page.
    let plan = "";
    await t.connection.db
      .transaction(async (tx) => {
        await tx.execute(
          sql`insert into ticket (id, number, title, description)
              select gen_random_uuid(), 'BULK-' || g, 'Slow speeds in the evening #' || g, 'Speed tests show ' || g || ' Mbps'
              from generate_series(1, 10000) g`,
        );
        // As autovacuum would: move the bulk insert out of GIN's pending list, then refresh the statistics.
        await tx.execute(sql`select gin_clean_pending_list('ticket_search_trgm_idx')`);
        await tx.execute(sql`analyze ticket`);
        // Still a small table: rule out walking the whole heap or a whole index, leaving bitmap scans.
        await tx.execute(sql`set local enable_seqscan = off`);
        await tx.execute(sql`set local enable_indexscan = off`);
        plan = rows<{ "QUERY PLAN": string }>(
          await tx.execute(
            sql`explain select id from ticket where deleted_at is null and (number ilike '%admiralty%' or title ilike '%admiralty%' or description ilike '%admiralty%')`,
          ),
        )
          .map((r) => r["QUERY PLAN"])
          .join("\n");
        tx.rollback();
      })
      .catch((error: Error) => {
        if (!plan) throw error;
      });
    expect(plan).toContain("Bitmap Index Scan on ticket_search_trgm_idx");
    expect(plan).not.toContain("Seq Scan on ticket");
  });
});
