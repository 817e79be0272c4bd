import { readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { groupOf, routeGroups } from "../../packages/functions/src/api/groups";
import { buildLambda, type LambdaGraph, repoRoot } from "../support/bundle-graph";

/**
 * The `api` Lambda's cold start scales by route, not by product: its entry parses the base and the
 * `/api` chain only, and a request loads one route group (packages/functions/src/api/groups.ts). This
 * builds the function as `sst deploy` does (infra/bundling.ts) and checks the output's static import
 * graph, in bytes, never in time: no group pulls in another group, an AWS SDK client, SES, QR codes,
 * PDF or file sniffing, the OpenAPI generator stays out of every request, and each cold path fits its
 * budget. A new domain is a new group; if it breaks one of these, this fails and says where.
 */

const KiB = 1024;
/**
 * The entry: what the Lambda's init phase imports, for every request. 192 KiB until issue 12: the work
 * orders', dispatch's and the board's groups in the route table (and their public routes and config)
 * put it at 192.5 KiB; the inventory, time-and-cost and field groups, v1's app on the chain (vendor bearer
 * tokens on /field, non-browser JSON sign-in, 4 MiB photo body limit), the public track/field-config routes,
 * the map tiles' CSP origin and the dispatch/map/FCM/field config keys put it at 199.6 KiB. All of it is
 * what the chain decides before a group loads; nothing else was found to move off in issue 12's perf pass
 * (/work/notes/decisions-issue12-perf.md). Stop 21: jose loads with the first token to verify (API keys and
 * public routes never need it), and the chain's three queries are constant texts (decision 218), so no
 * table definition and no drizzle code is on the entry's path: 120.1 KiB. Issue 13's ten route groups
 * (their prefixes in the route table) and public routes (quote links, campaign links, public surveys)
 * put it at 122.6 KiB.
 */
const ENTRY_BUDGET = 123.5 * KiB;
/**
 * The entry plus one group's module and what it imports statically (the first request under the
 * group's prefixes, before its first query loads the database driver). The issue's target is 512 KiB
 * with the driver; the largest group (reseller) is at 614 KiB without it today (587 before main's reseller
 * and customer ticket work added ~27 KiB of ticket domain code to it), 234 KiB of it zod (the groups'
 * chainable zod, which @hono/zod-openapi's routes use, plus the entry's own zod/mini): see
 * /work/notes/decisions-issue10-perf.md. This ceiling keeps groups from growing as domains come.
 */
// 640 KiB until stop 17; the inbox's front door (conversations, outbound, routing, widget, CSAT) put the
// inbox, customer and widget groups at 708–727 KiB (tickets: 585). Decision 180: splitting the inbox's
// public verbs (widget, CSAT) from the agents' is the way back under 640.
// 768 KiB until issue 12: the work-order, dispatch and tracking audit actions and notification kinds
// put the inbox group at 769.2 KiB; the rest of issue 12 (inventory, time and cost, field audit actions,
// visit notification templates) at 777.3. Reading the audit log moved to @dotmac/core/audit/log (the
// action list, filters, CSV export off every recording group): 772.7 KiB. Stop 20: the three expense
// notification kinds' names (their words live in their lazily loaded notifier, not in the mail
// templates every group carries): 773.04 KiB.
const GROUP_BUDGET = 773.25 * KiB;
/** Never on a request path's static imports: loaded by `import()` where a route needs them. */
const FORBIDDEN: [string, RegExp][] = [
  ["an AWS SDK client", /^node_modules\/@aws-sdk\/|^node_modules\/@smithy\//],
  ["QR codes", /^node_modules\/qrcode\//],
  ["PDF", /^node_modules\/(pdfkit|pdf-lib|pdfmake)\//],
  ["file sniffing", /^node_modules\/file-type\//],
  ["the OpenAPI document", /^packages\/functions\/src\/api\/openapi-document\.ts$/],
  ["the eager app", /^packages\/functions\/src\/api\/app\.ts$/],
];
const GROUP_DIR = "packages/functions/src/api/groups/";
const ENTRY = "packages/functions/src/handlers/api.ts";

let graph: LambdaGraph;
beforeAll(async () => {
  graph = await buildLambda(ENTRY);
});
afterAll(() => graph.cleanup());

const staticClosure = (chunks: string[]) => graph.staticClosure(chunks);
const bytesOf = (chunks: Set<string>) => graph.bytesOf(chunks);
const inputsOf = (chunks: Set<string>) => graph.inputsOf(chunks);
const groupFiles = () =>
  readdirSync(join(repoRoot, GROUP_DIR))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `${GROUP_DIR}${f}`);
const entryChunk = () => graph.entryChunk;

describe("the api Lambda loads one route group per request", () => {
  it("registers every module in groups/ in the route table, each a chunk of its own loaded by import()", () => {
    const table = graph.metafile.inputs["packages/functions/src/api/groups.ts"]?.imports ?? [];
    for (const file of groupFiles()) {
      expect(
        table.some((i) => i.kind === "dynamic-import" && i.path === file),
        `${file} is not loaded by routeGroups (groups.ts)`,
      ).toBe(true);
      expect(graph.chunkOf.has(file), `${file} has no chunk of its own`).toBe(true);
    }
    expect(groupFiles()).toHaveLength(Object.keys(routeGroups).length);
  });

  it("routes a path to the group with the longest prefix, whole segments only", () => {
    expect(groupOf("/api/v1/tickets")).toBe("tickets");
    expect(groupOf("/api/v1/tickets/T-1/comments")).toBe("tickets");
    expect(groupOf("/api/v1/customer/auth/login")).toBe("auth");
    expect(groupOf("/api/v1/customer/tickets")).toBe("customer");
    expect(groupOf("/api/v1/ticketsx")).toBeUndefined();
    expect(groupOf("/api/openapi.json")).toBe("shell");
    // Every prefix belongs to one group only.
    const prefixes = Object.values(routeGroups).flatMap((g) => g.prefixes);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it("keeps every group, and the OpenAPI generator, off the entry's cold path", () => {
    const cold = staticClosure([entryChunk()]);
    const inputs = inputsOf(cold);
    expect(inputs).toContain(ENTRY);
    expect(inputs.filter((i) => i.startsWith(GROUP_DIR))).toEqual([]);
    for (const [what, pattern] of FORBIDDEN) {
      expect(
        inputs.filter((i) => pattern.test(i)),
        `${what} on the entry's cold path`,
      ).toEqual([]);
    }
    expect(inputs.filter((i) => i.includes("@asteasolutions/zod-to-openapi/dist/index"))).toEqual([]);
    // The chain checks credentials and reads config with zod/mini's own tree (infra/bundling.ts): the
    // chainable zod the verbs and routes use, and the auth verbs (sign-in, MFA, recovery), wait for a group.
    expect(inputs.filter((i) => /^node_modules\/zod\//.test(i))).toEqual([]);
    // Tokens are checked with jose loaded on the first one (credentials.ts).
    expect(inputs.filter((i) => /^node_modules\/jose\//.test(i))).toEqual([]);
    // The session, API-key and rate-limit queries are texts: tables and drizzle wait for a group.
    expect(inputs.filter((i) => /^node_modules\/drizzle-orm\/|\.sql\.ts$/.test(i))).toEqual([]);
    expect(inputs.filter((i) => /^packages\/core\/src\/auth\/(login|mfa|recovery|users|session)\.ts$/.test(i))).toEqual(
      [],
    );
    const kib = bytesOf(cold) / KiB;
    expect(kib, `the api entry's cold path is ${kib.toFixed(1)} KiB`).toBeLessThanOrEqual(ENTRY_BUDGET / KiB);
  });

  for (const file of readdirSync(join(repoRoot, GROUP_DIR)).filter((f) => f.endsWith(".ts"))) {
    const group = `${GROUP_DIR}${file}`;
    it(`group ${basename(file, ".ts")}: no other group, no heavy client, within ${GROUP_BUDGET / KiB} KiB`, () => {
      const cold = staticClosure([entryChunk(), graph.chunkOf.get(group) as string]);
      const inputs = inputsOf(cold);
      expect(inputs).toContain(group);
      expect(
        inputs.filter((i) => i.startsWith(GROUP_DIR) && i !== group),
        `${group} statically imports another group`,
      ).toEqual([]);
      for (const [what, pattern] of FORBIDDEN) {
        expect(
          inputs.filter((i) => pattern.test(i)),
          `${what} on ${group}'s cold path`,
        ).toEqual([]);
      }
      const kib = bytesOf(cold) / KiB;
      expect(kib, `${group}'s cold path is ${kib.toFixed(1)} KiB`).toBeLessThanOrEqual(GROUP_BUDGET / KiB);
    });
  }

  it("answers /api/openapi.json from the document built at build time, not from the routes", () => {
    const doc = graph.chunkOf.get("packages/functions/src/api/openapi-document.ts") as string;
    expect(doc, "the OpenAPI document is not a lazy chunk of its own").toBeDefined();
    const inputs = inputsOf(staticClosure([doc]));
    expect(inputs.filter((i) => i.startsWith("packages/"))).toEqual(["packages/functions/src/api/openapi-document.ts"]);
    expect(inputs.filter((i) => i.startsWith("node_modules/"))).toEqual([]);
    // Nothing in the function builds the document: the app that would is in no chunk.
    const all = Object.values(graph.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.filter((i) => i === "packages/functions/src/api/app.ts")).toEqual([]);
  });

  it("embeds the same document the local runtime builds from its routes", async () => {
    const chunk = resolve(repoRoot, graph.chunkOf.get("packages/functions/src/api/openapi-document.ts") as string);
    const built = (await import(pathToFileURL(chunk).href)) as { openApiDocument: () => Promise<unknown> };
    const { createApp, documentInfo } = await import("../../packages/functions/src/api/app");
    const live = createApp().getOpenAPI31Document(documentInfo);
    expect(await built.openApiDocument()).toEqual(JSON.parse(JSON.stringify(live)));
  });
});
