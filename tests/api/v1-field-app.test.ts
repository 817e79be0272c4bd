import * as AuditLog from "@dotmac/core/audit/log";
import * as Auth from "@dotmac/core/auth";
import * as Dispatch from "@dotmac/core/dispatch";
import * as Field from "@dotmac/core/field";
import * as Inventory from "@dotmac/core/inventory";
import { withActor } from "@dotmac/core/platform/context";
import * as WorkOrder from "@dotmac/core/workorder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp } from "../support/api";
import { setupTestDatabase, type TestDatabase } from "../support/db";
import { startFcmEmulator } from "../support/fcm-emulator";
import { newOrganization, PASSWORD, vendorWithMfa } from "../support/portals";

/**
 * v1's Flutter technician app (michaelayoade/dotmac_crm mobile/lib), unchanged, against this API: each call
 * is sent exactly as the app's Dio client sends it (snake_case JSON, no Origin, bearer token, 401 → refresh
 * → one retry) and every field the app's models read is checked for presence and type. The table of calls
 * is tests/contract/v1-field-app.md.
 */

let t: TestDatabase;
let api: ReturnType<typeof testApp>;
let fcm: Awaited<ReturnType<typeof startFcmEmulator>>;
const TECH = "tech@example.com";

beforeAll(async () => {
  fcm = await startFcmEmulator();
  t = await setupTestDatabase({
    FCM_PROJECT_ID: "dotmac-test",
    FCM_BASE_URL: fcm.url,
    FCM_SERVICE_ACCOUNT: fcm.serviceAccount,
  });
  Field.setPush(undefined);
  api = testApp();
  await Auth.createUser({ email: TECH, password: PASSWORD, displayName: "Tunde Tech", roles: ["field_technician"] });
});
afterAll(async () => {
  await t?.close();
  await fcm?.close();
});

type Json = Record<string, unknown>;
interface Answer {
  status: number;
  data: unknown;
}

/**
 * The app's ApiClient (core/api/api_client.dart): bearer token on every non-public path; a 401 refreshes
 * through `/auth/refresh` (or `/vendor/auth/refresh`) with `{refresh_token}` and retries once.
 */
class V1App {
  access: string | undefined;
  refreshToken: string | undefined;
  mode: "staff" | "vendor" = "staff";
  refreshes = 0;
  sessionExpired = false;
  static readonly publicPaths = ["/auth/login", "/auth/mfa", "/auth/refresh", "/field/config"];

  async call(method: string, path: string, options: { data?: unknown; query?: Json; form?: FormData } = {}) {
    const first = await this.send(method, path, options);
    if (first.status !== 401 || V1App.publicPaths.some((p) => path.includes(p))) return first;
    if (!(await this.refresh())) return first;
    return this.send(method, path, options);
  }

  async refresh(): Promise<boolean> {
    this.refreshes++;
    const path = this.mode === "vendor" ? "/api/v1/vendor/auth/refresh" : "/api/v1/auth/refresh";
    const res = await this.send("POST", path, { data: { refresh_token: this.refreshToken } }, false);
    const access = (res.data as Json | null)?.access_token;
    if (res.status !== 200 || typeof access !== "string") {
      this.sessionExpired = true;
      return false;
    }
    this.access = access;
    this.refreshToken = (res.data as Json).refresh_token as string;
    return true;
  }

  private async send(
    method: string,
    path: string,
    options: { data?: unknown; query?: Json; form?: FormData },
    auth = !V1App.publicPaths.some((p) => path.includes(p)),
  ): Promise<Answer> {
    const query = new URLSearchParams(
      Object.entries(options.query ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
    ).toString();
    const headers: Record<string, string> = {};
    if (auth && this.access) headers.authorization = `Bearer ${this.access}`;
    let body: BodyInit | undefined;
    if (options.form) body = options.form;
    else if (options.data !== undefined) {
      headers["content-type"] = "application/json; charset=utf-8";
      body = JSON.stringify(options.data);
    }
    const res = await api.request(`${path}${query ? `?${query}` : ""}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, data: text ? JSON.parse(text) : null };
  }

  /** AuthRepository.login + _handleTokens. */
  async login(username: string, password: string, mode: "staff" | "vendor") {
    this.mode = mode;
    const path = mode === "vendor" ? "/api/v1/vendor/auth/login" : "/api/v1/auth/login";
    const res = await this.call("POST", path, { data: { username, password } });
    return this.handleTokens(res);
  }

  async verifyMfa(mfaToken: string, code: string) {
    const path = this.mode === "vendor" ? "/api/v1/vendor/auth/mfa" : "/api/v1/auth/mfa/verify";
    return this.handleTokens(await this.call("POST", path, { data: { mfa_token: mfaToken, code } }));
  }

  private handleTokens(res: Answer) {
    const data = (res.data ?? {}) as Json;
    if (res.status !== 200) return { failure: typeof data.detail === "string" ? data.detail : "Invalid credentials" };
    if (data.mfa_required === true) return { mfaToken: data.mfa_token as string };
    if (typeof data.access_token !== "string") return { failure: "Unexpected server response" };
    this.access = data.access_token;
    this.refreshToken = data.refresh_token as string | undefined;
    return { vendorId: (data.vendor_id as string | null | undefined) ?? null };
  }
}

/** A field's type as Dart reads it: `as String`, `as int`, `(x as num).toDouble()`, `DateTime.parse`. */
type Kind =
  | "string"
  | "string?"
  | "int"
  | "int?"
  | "num"
  | "num?"
  | "bool"
  | "date?"
  | "date"
  | "list"
  | "map"
  | "map?";
function expectShape(value: unknown, shape: Record<string, Kind>, where: string) {
  const obj = value as Json;
  expect(obj, where).toBeTypeOf("object");
  for (const [field, kind] of Object.entries(shape)) {
    const v = obj[field];
    const at = `${where}.${field} = ${JSON.stringify(v)}`;
    const optional = kind.endsWith("?");
    if (optional && (v === null || v === undefined)) continue;
    switch (kind.replace("?", "")) {
      case "string":
        expect(typeof v, at).toBe("string");
        break;
      case "int":
        expect(Number.isInteger(v), at).toBe(true);
        break;
      case "num":
        expect(typeof v, at).toBe("number");
        break;
      case "bool":
        expect(typeof v, at).toBe("boolean");
        break;
      case "date":
        expect(typeof v === "string" && !Number.isNaN(Date.parse(v)), at).toBe(true);
        break;
      case "list":
        expect(Array.isArray(v), at).toBe(true);
        break;
      case "map":
        expect(v !== null && typeof v === "object" && !Array.isArray(v), at).toBe(true);
        break;
    }
  }
}

describe("v1 app: sign-in, token refresh and the 401 retry", () => {
  it("asks /field/config before sign-in (public) and passes the upgrade gate", async () => {
    const app = new V1App();
    const res = await app.call("GET", "/api/v1/field/config");
    expect(res.status).toBe(200);
    expectShape(res.data, { min_app_version: "string", latest_app_version: "string", feature_flags: "map" }, "config");
    expect((res.data as Json).min_app_version).toBe("1.0.0");
  });

  it("signs a technician in with {username, password}: snake_case tokens in the body, no cookie", async () => {
    const app = new V1App();
    const res = await api.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ username: TECH, password: PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    const body = (await res.json()) as Json;
    expectShape(body, { access_token: "string", refresh_token: "string" }, "login");
    expect(await app.login(TECH, PASSWORD, "staff")).toEqual({ vendorId: null });
    const wrong = await new V1App().login(TECH, "wrong password here", "staff");
    expect(wrong.failure).toMatch(/email or password/i);
  });

  it("a 401 refreshes with {refresh_token} and retries once; a dead refresh token ends the session", async () => {
    const app = new V1App();
    await app.login(TECH, PASSWORD, "staff");
    app.access = "expired.access.token";
    const res = await app.call("POST", "/api/v1/field/devices", {
      data: { platform: "android", fcm_token: "tok-refresh-check", app_version: "1.0.0" },
    });
    expect(res.status).toBe(201);
    expect(app.refreshes).toBe(1);
    app.access = "expired.again";
    app.refreshToken = "not-a-refresh-token";
    const dead = await app.call("GET", "/api/v1/field/jobs");
    expect(dead.status).toBe(401);
    expect(app.sessionExpired).toBe(true);
  });

  it("a vendor crew signs in at /vendor/auth, finishes MFA at /vendor/auth/mfa and gets vendor_id", async () => {
    const org = await newOrganization("Fibre Crew Ltd", "vendor");
    const email = "crew@example.com";
    await Auth.createUser({ portal: "vendor", email, password: PASSWORD, displayName: "Crew", organizationId: org.id });
    const { secret } = await vendorWithMfa(api.request, email);
    const app = new V1App();
    const first = await app.login(email, PASSWORD, "vendor");
    expect(first.mfaToken).toBeTypeOf("string");
    const done = await app.verifyMfa(first.mfaToken as string, Auth.Mfa.codeFor(secret, new Date(Date.now() + 30_000)));
    expect(done).toEqual({ vendorId: org.id });
    app.access = "stale";
    const device = await app.call("POST", "/api/v1/field/devices", {
      data: { platform: "ios", fcm_token: "tok-crew", app_version: "1.0.0" },
    });
    expect(device.status).toBe(201);
    expect(app.refreshes).toBe(1);
    expect(device.data).toMatchObject({ person_id: null, platform: "ios" });
  });
});

describe("push: devices and FCM HTTP v1 through the local emulator", () => {
  it("registers by token (upsert), pushes through FCM, and forgets a token FCM calls UNREGISTERED", async () => {
    const app = new V1App();
    await app.login(TECH, PASSWORD, "staff");
    const reg = { platform: "android", fcm_token: "tok-phone-1", app_version: "1.0.0" };
    const first = await app.call("POST", "/api/v1/field/devices", { data: reg });
    const again = await app.call("POST", "/api/v1/field/devices", { data: { ...reg, app_version: "1.0.1" } });
    expect(first.status).toBe(201);
    expectShape(
      first.data,
      { id: "string", platform: "string", app_version: "string?", last_seen_at: "date", created_at: "date" },
      "device",
    );
    expect((again.data as Json).id).toBe((first.data as Json).id);
    expect((again.data as Json).app_version).toBe("1.0.1");

    const user = await Auth.fromEmail(TECH);
    const message = Field.assignmentMessage({
      id: "0190f0f0-0000-7000-8000-000000000001",
      number: "WO-1",
      title: "Install",
    });
    const sent = await Field.pushToUsers([user?.id as string], message);
    expect(sent.sent).toBeGreaterThanOrEqual(1);
    expect(fcm.sent.find((m) => m.token === "tok-phone-1")).toMatchObject({
      project: "dotmac-test",
      data: { type: "work_order_assigned", work_order_id: "0190f0f0-0000-7000-8000-000000000001" },
    });
    expect(fcm.exchanges()).toBe(1);

    fcm.unregister("tok-phone-1");
    const gone = await Field.pushToUsers([user?.id as string], message);
    expect(gone.removed).toBe(1);
    const after = await Field.pushToUsers([user?.id as string], message);
    expect(after.removed).toBe(0);

    const removed = await app.call("DELETE", "/api/v1/field/devices", { data: { fcm_token: "tok-refresh-check" } });
    expect(removed.data).toEqual({ removed: true });
  });
});

// ---- a technician's day, as the app sends it ---------------------------------------------------------

const system = { type: "system", properties: { job: "test.fixture" } } as const;
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const uuid = () => crypto.randomUUID();

/** A job for the technician, a van with stock, a planned line of drop cable and an ONT to install. */
async function dayOfWork(techId: string, title: string) {
  return withActor(system, async () => {
    const start = new Date(Date.now() + 3600_000);
    const job = await WorkOrder.create({
      title,
      priority: "high",
      workType: "install",
      address: { line1: "12 Marina Road", city: "Lagos", country: "NG" },
      latitude: 6.45,
      longitude: 3.39,
      requiredSkills: [],
      estimatedDurationMinutes: 90,
      tags: [],
      accessNotes: "Gate code 4711",
      scheduledStart: start.toISOString(),
      scheduledEnd: new Date(start.getTime() + 90 * 60_000).toISOString(),
    });
    await WorkOrder.setAssignees({ id: job.id, assignees: [{ userId: techId, isPrimary: true }] });
    return job;
  });
}

describe("v1 app: the contract table, call by call", () => {
  let app: V1App;
  let techId: string;
  let job: { id: string };
  let cable: { id: string };
  let line: { id: string };

  beforeAll(async () => {
    techId = (await Auth.fromEmail(TECH))?.id as string;
    app = new V1App();
    await app.login(TECH, PASSWORD, "staff");
    await app.call("POST", "/api/v1/field/devices", {
      data: { platform: "android", fcm_token: "tok-day-phone", app_version: "1.0.0" },
    });
    await withActor(system, async () => {
      const van = await Inventory.createLocation({ name: "Van of Tunde", kind: "van", ownerUserId: techId });
      cable = await Inventory.createItem({
        name: "Drop cable 50 m",
        unit: "pcs",
        unitPriceMinor: 1500,
        currency: "NGN",
        serialized: false,
      });
      const ont = await Inventory.createItem({
        name: "ONT",
        unit: "pcs",
        unitPriceMinor: 30000,
        currency: "NGN",
        serialized: true,
      });
      await Inventory.receive({ locationId: van.id, itemId: cable.id, quantity: 10 });
      await Inventory.receive({ locationId: van.id, itemId: ont.id, quantity: 1, serials: ["ONT-0001"] });
    });
    const before = fcm.sent.length;
    job = await dayOfWork(techId, "Install fibre at 12 Marina Road");
    // Assignment pushed the job to the technician's phone, deep link included.
    expect(fcm.sent.slice(before)).toEqual([
      expect.objectContaining({ token: "tok-day-phone", data: { type: "work_order_assigned", work_order_id: job.id } }),
    ]);
    line = await withActor(system, () =>
      Inventory.planMaterial({ workOrderId: job.id, itemId: cable.id, quantity: 3 }),
    );
  });

  it("GET /field/me, /field/jobs and /field/jobs/{id}: every field the models read, with its type", async () => {
    const me = await app.call("GET", "/api/v1/field/me");
    expect(me.status).toBe(200);
    expectShape(me.data, { name: "string", open_jobs: "int", completed_today: "int" }, "me");
    expect((me.data as Json).open_jobs).toBeGreaterThanOrEqual(1);

    const list = await app.call("GET", "/api/v1/field/jobs", { query: { limit: 200 } });
    expect(list.status).toBe(200);
    const items = (list.data as Json).items as Json[];
    const summary = {
      id: "string",
      title: "string",
      status: "string",
      work_type: "string",
      priority: "string",
      description: "string?",
      scheduled_start: "date?",
      scheduled_end: "date?",
      estimated_duration_minutes: "int?",
      started_at: "date?",
      completed_at: "date?",
    } as const;
    for (const item of items) expectShape(item, summary, "jobs.items[]");
    expect(items.map((i) => i.id)).toContain(job.id);
    const filtered = await app.call("GET", "/api/v1/field/jobs", { query: { status: "completed", limit: 200 } });
    expect((filtered.data as Json).items).toEqual([]);

    const detail = await app.call("GET", `/api/v1/field/jobs/${job.id}`);
    expect(detail.status).toBe(200);
    const d = detail.data as Json;
    expectShape(
      d,
      { job: "map", location: "map", customer: "map?", ticket_ref: "string?", notes: "list", materials: "list" },
      "detail",
    );
    expectShape(d.job, summary, "detail.job");
    expectShape(
      d.location,
      { latitude: "num?", longitude: "num?", address_text: "string?", source: "string" },
      "detail.location",
    );
    expect(d.location).toMatchObject({ latitude: 6.45, longitude: 3.39, address_text: "12 Marina Road, Lagos, NG" });
    expectShape((d.materials as Json[])[0], { item_name: "string?", quantity: "int" }, "detail.materials[]");

    const materials = await app.call("GET", `/api/v1/field/jobs/${job.id}/materials`);
    expectShape(
      (materials.data as Json[])[0],
      { id: "string", item_name: "string?", quantity: "int", consumed_quantity: "int", status: "string" },
      "materials[]",
    );
  });

  it("drains the offline outbox: every queued mutation replayed twice and out of order has one effect", async () => {
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const event = (name: string, minutesAgo: number, payload?: Json) => {
      const id = uuid();
      return {
        path: `/api/v1/field/jobs/${job.id}/transition`,
        data: {
          work_order_id: job.id,
          event: name,
          client_event_id: id,
          occurred_at: at(minutesAgo),
          latitude: 6.45,
          longitude: 3.39,
          ...(payload ? { payload } : {}),
        },
      };
    };
    const worklogRef = uuid();
    const outbox = [
      event("accept", 60),
      event("en_route", 50),
      event("arrived", 40),
      event("start", 35),
      {
        path: `/api/v1/field/jobs/${job.id}/notes`,
        data: {
          work_order_id: job.id,
          body: "Customer asked for the ONT in the hallway",
          is_internal: true,
          attachment_ids: [],
        },
      },
      {
        path: `/api/v1/field/jobs/${job.id}/materials/consume`,
        data: { work_order_id: job.id, items: [{ material_id: line.id, consumed_quantity: 1 }] },
      },
      {
        path: `/api/v1/field/jobs/${job.id}/materials/consume`,
        data: { work_order_id: job.id, items: [{ material_id: line.id, consumed_quantity: 2 }] },
      },
      { path: `/api/v1/field/jobs/${job.id}/equipment`, data: { work_order_id: job.id, serial_number: "ONT-0001" } },
      {
        path: `/api/v1/field/jobs/${job.id}/worklogs`,
        data: { work_order_id: job.id, entries: [{ client_ref: worklogRef, start_at: at(35), end_at: at(2) }] },
      },
      event("complete", 1, { summary: "Installed and tested", signer_name: "Ada" }),
    ];
    // Photos first (SyncService.flushAll): a photo and the customer's signature, each sent twice.
    for (const [kind, ref] of [
      ["photo", uuid()],
      ["signature", uuid()],
    ] as const) {
      for (let i = 0; i < 2; i++) {
        const form = new FormData();
        form.set("file", new Blob([PNG], { type: "application/octet-stream" }), "photo.jpg");
        form.set("kind", kind);
        form.set("client_ref", ref);
        form.set("work_order_id", job.id);
        form.set("latitude", "6.45");
        form.set("longitude", "3.39");
        form.set("captured_at", at(5));
        const res = await app.call("POST", "/api/v1/field/attachments", { form });
        expect(res.status, JSON.stringify(res.data)).toBe(201);
      }
    }
    const drain = async (entries: typeof outbox) => {
      for (const entry of entries) {
        const res = await app.call("POST", entry.path, { data: entry.data });
        expect(res.status, `${entry.path} ${JSON.stringify(res.data)}`).toBeLessThan(300);
      }
    };
    await drain(outbox);
    // The phone lost the acknowledgements: it sends everything again, newest first, then once more in order.
    await drain([...outbox].reverse());
    await drain(outbox);

    const detail = (await app.call("GET", `/api/v1/field/jobs/${job.id}`)).data as Json;
    expect((detail.job as Json).status).toBe("completed");
    expect((detail.notes as Json[]).filter((n) => n.body === "Customer asked for the ONT in the hallway")).toHaveLength(
      1,
    );
    expect(detail.attachments as Json[]).toHaveLength(2);
    expect((detail.worklogs as Json[]).length).toBe(1);
    const cableLine = (detail.materials as Json[]).find((m) => m.id === line.id);
    expect(cableLine?.consumed_quantity).toBe(2);
    const me = (await app.call("GET", "/api/v1/field/me")).data as Json;
    expect(me.completed_today).toBe(1);

    const files = await app.call("GET", "/api/v1/field/attachments", { query: { work_order_id: job.id } });
    const first = ((files.data as Json).items as Json[])[0] as Json;
    expectShape(
      first,
      {
        id: "string",
        kind: "string",
        file_name: "string",
        mime_type: "string",
        size_bytes: "int",
        download_path: "string",
      },
      "attachments[]",
    );
    expect(first.mime_type).toBe("image/png");
    const content = await api.request(first.download_path as string, {
      headers: { authorization: `Bearer ${app.access}` },
    });
    expect(content.status).toBe(302);
  });

  it("refuses a file whose bytes are not an image (an HTML page named photo.jpg): a 4xx, nothing attached", async () => {
    const other = await dayOfWork(techId, "Repair at 3 Allen Avenue");
    const form = new FormData();
    form.set("file", new Blob(["<html><script>alert(1)</script></html>"], { type: "image/jpeg" }), "photo.jpg");
    form.set("kind", "photo");
    form.set("client_ref", uuid());
    form.set("work_order_id", other.id);
    const res = await app.call("POST", "/api/v1/field/attachments", { form });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const detail = (await app.call("GET", `/api/v1/field/jobs/${other.id}`)).data as Json;
    expect(detail.attachments).toEqual([]);
  });

  it("row 13: the technician moves the job's pin on site; the app reads the location back", async () => {
    // The day's first job is completed by now: its pin is where it was worked.
    const closed = await app.call("PATCH", `/api/v1/field/jobs/${job.id}/location`, {
      data: { latitude: 6.4, longitude: 3.4 },
    });
    expect(closed.status).toBe(409);
    const survey = await withActor(system, async () => {
      const created = await WorkOrder.create({
        title: "Survey at 3 Ozumba Mbadiwe",
        priority: "medium",
        workType: "survey",
        requiredSkills: [],
        estimatedDurationMinutes: 30,
        tags: [],
      });
      await WorkOrder.setAssignees({ id: created.id, assignees: [{ userId: techId, isPrimary: true }] });
      return created;
    });
    const res = await app.call("PATCH", `/api/v1/field/jobs/${survey.id}/location`, {
      data: { latitude: 6.4281, longitude: 3.4219 },
    });
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    const location = (res.data as Json).location as Json;
    expectShape(location, { latitude: "num?", longitude: "num?", address_text: "string?", source: "string?" }, "pin");
    expect(location).toMatchObject({ latitude: 6.4281, longitude: 3.4219, source: "cached" });
    const again = await app.call("PATCH", `/api/v1/field/jobs/${survey.id}/location`, {
      data: { latitude: 6.4281, longitude: 3.4219 },
    });
    expect(again.status).toBe(200);
    const detail = (await app.call("GET", `/api/v1/field/jobs/${survey.id}`)).data as Json;
    expect(detail.location).toMatchObject({ latitude: 6.4281, longitude: 3.4219 });
    const audit = await withActor(system, () =>
      AuditLog.list({ entityType: "work_order", entityId: survey.id, action: "work_order.located" }),
    );
    expect(audit.items, "one audit row: the replay changed nothing").toHaveLength(1);
    const bad = await app.call("PATCH", `/api/v1/field/jobs/${survey.id}/location`, {
      data: { latitude: 123, longitude: 3.4 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.data)).toContain("latitude");
  });

  it("another technician's job is a 404; a customer's token is refused", async () => {
    await Auth.createUser({
      email: "other-tech@example.com",
      password: PASSWORD,
      displayName: "Other",
      roles: ["field_technician"],
    });
    const other = new V1App();
    await other.login("other-tech@example.com", PASSWORD, "staff");
    const res = await other.call("GET", `/api/v1/field/jobs/${job.id}`);
    expect(res.status).toBe(404);
    const note = await other.call("POST", `/api/v1/field/jobs/${job.id}/notes`, {
      data: { body: "hi", is_internal: true },
    });
    expect(note.status).toBe(404);
    const pin = await other.call("PATCH", `/api/v1/field/jobs/${job.id}/location`, {
      data: { latitude: 1, longitude: 1 },
    });
    expect(pin.status, "nobody else moves the pin").toBe(404);
  });
});

describe("v1 app: stock, material requests and expense claims with a manager's decision", () => {
  let app: V1App;
  let boss: V1App;
  let store: { id: string };
  let cable: { id: string };

  beforeAll(async () => {
    app = new V1App();
    await app.login(TECH, PASSWORD, "staff");
    await Auth.createUser({
      email: "boss@example.com",
      password: PASSWORD,
      displayName: "Bisi Boss",
      roles: ["dispatcher"],
    });
    boss = new V1App();
    await boss.login("boss@example.com", PASSWORD, "staff");
    await withActor(system, async () => {
      store = await Inventory.createLocation({ name: "Main store", kind: "warehouse" });
      cable = await Inventory.createItem({
        name: "Patch cord",
        unit: "pcs",
        unitPriceMinor: 250,
        currency: "NGN",
        serialized: false,
      });
      await Inventory.receive({ locationId: store.id, itemId: cable.id, quantity: 40 });
    });
  });

  it("searches items and lists locations with the fields the models read", async () => {
    // A technician searches what their van holds (inventory shows them their van only); staff, the catalogue.
    const vanItems = await app.call("GET", "/api/v1/field/inventory/items", { query: { q: "drop", limit: 30 } });
    expect(vanItems.status).toBe(200);
    expect(((vanItems.data as Json).items as Json[]).map((i) => i.name)).toEqual(["Drop cable 50 m"]);
    const items = await boss.call("GET", "/api/v1/field/inventory/items", {
      query: { q: "Patch", limit: 30, source_location_id: store.id },
    });
    expect(items.status).toBe(200);
    const item = ((items.data as Json).items as Json[])[0];
    expectShape(
      item,
      {
        id: "string",
        name: "string",
        sku: "string?",
        unit: "string?",
        unit_price: "num?",
        currency: "string?",
        available_quantity: "int?",
        stock_by_location: "list",
      },
      "items[]",
    );
    const locations = await app.call("GET", "/api/v1/field/inventory/locations", { query: { limit: 100 } });
    expect(locations.status).toBe(200);
    for (const l of (locations.data as Json).items as Json[])
      expectShape(l, { id: "string", name: "string", code: "string?" }, "locations[]");
    // The request screen's source: the technician sees the store by name (not its stock) beside their van.
    expect((locations.data as Json).items).toContainEqual({ id: store.id, name: "Main store", code: "warehouse" });
    const sources = await app.call("GET", "/api/v1/material-requests/sources");
    expect(sources.status, JSON.stringify(sources.data)).toBe(200);
    expect((sources.data as Json).items).toContainEqual({ id: store.id, name: "Main store", kind: "warehouse" });
    const stock = await app.call("GET", "/api/v1/field/inventory/items", {
      query: { q: "Patch", source_location_id: store.id },
    });
    expect(stock.status).not.toBe(200);
  });

  it("creates, lists, reads and submits material requests", async () => {
    const sent = {
      priority: "medium",
      source_location_id: store.id,
      items: [{ item_id: cable.id, quantity: 2 }],
      submit: false,
    };
    const created = await app.call("POST", "/api/v1/field/material-requests", { data: sent });
    expect(created.status, JSON.stringify(created.data)).toBe(201);
    const request = {
      id: "string",
      status: "string",
      number: "string?",
      source_location_id: "string?",
      destination_location_id: "string?",
      created_at: "date?",
      items: "list",
    } as const;
    expectShape(created.data, request, "material request");
    expectShape(
      ((created.data as Json).items as Json[])[0],
      { id: "string", item_id: "string", quantity: "int", item_name: "string?" },
      "request.items[]",
    );
    const id = (created.data as Json).id as string;
    const submitted = await app.call("POST", `/api/v1/field/material-requests/${id}/submit`);
    expect((submitted.data as Json).status).toBe("submitted");
    const list = await app.call("GET", "/api/v1/field/material-requests", { query: { limit: 100 } });
    expect(((list.data as Json).items as Json[]).map((r) => r.id)).toContain(id);
    const one = await app.call("GET", `/api/v1/field/material-requests/${id}`);
    expectShape(one.data, request, "material request by id");
  });

  it("row 33: the outbox's request sent twice (and once more with other words) is one request", async () => {
    const sent = {
      priority: "high",
      source_location_id: store.id,
      items: [{ item_id: cable.id, quantity: 3 }],
      submit: true,
      client_ref: "6f1c2a4e-5b7d-4c3a-9e8f-0a1b2c3d4e5f",
    };
    const first = await app.call("POST", "/api/v1/field/material-requests/submit", { data: sent });
    expect(first.status, JSON.stringify(first.data)).toBe(201);
    expect(first.data).toMatchObject({ status: "submitted", source_location_id: store.id });
    const again = await app.call("POST", "/api/v1/field/material-requests/submit", { data: sent });
    const changed = await app.call("POST", "/api/v1/field/material-requests/submit", {
      data: { ...sent, items: [{ item_id: cable.id, quantity: 9 }] },
    });
    expect((again.data as Json).id).toBe((first.data as Json).id);
    expect((changed.data as Json).id).toBe((first.data as Json).id);
    expect(((changed.data as Json).items as Json[])[0]).toMatchObject({ quantity: 3 });
    const mine = await app.call("GET", "/api/v1/field/material-requests", { query: { limit: 100 } });
    const withRef = ((mine.data as Json).items as Json[]).filter((r) => r.id === (first.data as Json).id);
    expect(withRef).toHaveLength(1);
    const bad = await app.call("POST", "/api/v1/field/material-requests/submit", {
      data: { ...sent, client_ref: "has spaces" },
    });
    expect(bad.status).toBe(400);
  });

  it("claims expenses (the outbox's claim twice → one), and a manager approves or rejects with the reason in the body", async () => {
    const categories = await app.call("GET", "/api/v1/field/expense-requests/categories");
    for (const c of (categories.data as Json).items as Json[]) {
      expectShape(c, { category_code: "string", category_name: "string?", requires_receipt: "bool" }, "categories[]");
    }
    const claim = {
      purpose: "Keke to site and back",
      currency: "NGN",
      items: [{ category_code: "TRANSPORT", description: "Keke", amount: "2500.00" }],
    };
    const created = await app.call("POST", "/api/v1/field/expense-requests", { data: claim });
    expect(created.status, JSON.stringify(created.data)).toBe(201);
    const shape = {
      id: "string",
      status: "string",
      number: "string?",
      purpose: "string?",
      currency: "string?",
      total_amount: "num?",
      items: "list",
    } as const;
    expectShape(created.data, shape, "expense");
    expect(created.data).toMatchObject({ status: "submitted", total_amount: 2500 });
    expectShape(
      ((created.data as Json).items as Json[])[0],
      { id: "string", category_code: "string", amount: "num" },
      "expense.items[]",
    );

    const queued = { ...claim, purpose: "Fuel for the generator", client_ref: uuid() };
    const a = await app.call("POST", "/api/v1/field/expense-requests/submit", { data: queued });
    const b = await app.call("POST", "/api/v1/field/expense-requests/submit", { data: queued });
    expect(a.status).toBe(201);
    expect((b.data as Json).id).toBe((a.data as Json).id);

    const mine = await app.call("GET", "/api/v1/field/expense-requests", { query: { limit: 100 } });
    expect(((mine.data as Json).items as Json[]).filter((e) => e.purpose === "Fuel for the generator")).toHaveLength(1);

    const queue = await boss.call("GET", "/api/v1/field/manager/expenses");
    const waiting = ((queue.data as Json).items as Json[]).map((e) => e.id);
    expect(waiting).toEqual(expect.arrayContaining([(created.data as Json).id, (a.data as Json).id]));
    const approved = await boss.call("POST", `/api/v1/field/manager/expenses/${(created.data as Json).id}/approve`);
    expect(approved.status).toBe(200);
    const rejected = await boss.call("POST", `/api/v1/field/manager/expenses/${(a.data as Json).id}/reject`, {
      data: { reason: "Use the company fuel card" },
    });
    expect(rejected.data).toMatchObject({ status: "rejected", rejection_reason: "Use the company fuel card" });
    const read = await app.call("GET", `/api/v1/field/expense-requests/${(created.data as Json).id}`);
    expect(read.data).toMatchObject({ status: "approved" });
    // A technician is no manager: the queue is refused.
    expect((await app.call("GET", "/api/v1/field/manager/expenses")).status).toBe(403);
    const third = await app.call("POST", "/api/v1/field/expense-requests", { data: { ...claim, purpose: "Parking" } });
    const canceled = await app.call("POST", `/api/v1/field/expense-requests/${(third.data as Json).id}/cancel`);
    expect(canceled.data).toMatchObject({ status: "canceled" });
  });

  it("features of later issues answer a 404 problem with the reason, never a 500", async () => {
    for (const path of ["/api/v1/field/projects", "/api/v1/field/map-assets/nearby", "/api/v1/field/sales-orders"]) {
      const res = await app.call("GET", path);
      expect(res.status, path).toBe(404);
      expect((res.data as Json).detail).toMatch(/issue 13|not part of this server/);
    }
  });
});

describe("v1 app: schedule, location sharing and the manager's screens", () => {
  let app: V1App;
  let boss: V1App;
  let techId: string;

  beforeAll(async () => {
    techId = (await Auth.fromEmail(TECH))?.id as string;
    app = new V1App();
    await app.login(TECH, PASSWORD, "staff");
    if (!(await Auth.fromEmail("boss2@example.com"))) {
      await Auth.createUser({
        email: "boss2@example.com",
        password: PASSWORD,
        displayName: "Dayo Dispatch",
        roles: ["dispatcher"],
      });
    }
    boss = new V1App();
    await boss.login("boss2@example.com", PASSWORD, "staff");
    await withActor(system, async () => {
      await Dispatch.Technicians.save({
        userId: techId,
        title: "Fibre technician",
        region: "Lagos",
        timeZone: "Africa/Lagos",
      });
      const today = new Date().toISOString().slice(0, 10);
      await Dispatch.Technicians.addShifts({ userId: techId, dates: [today], start: "00:00", end: "23:59" });
    });
  });

  it("GET /field/schedule is a bare list of {type, start_at, end_at, title, reference_id}", async () => {
    const res = await app.call("GET", "/api/v1/field/schedule");
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    const entries = res.data as Json[];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expectShape(
        e,
        { type: "string", start_at: "date", end_at: "date?", title: "string?", reference_id: "string" },
        "schedule[]",
      );
    }
    expect(entries.map((e) => e.type)).toContain("job");
  });

  it("turns sharing on, sends a batch of pings (again: once each), and the manager sees the technician live", async () => {
    const on = await app.call("PUT", "/api/v1/field/locations/sharing", {
      data: { enabled: true, status: "on_shift" },
    });
    expect(on.status, JSON.stringify(on.data)).toBe(200);
    expectShape(on.data, { status: "string", location_sharing_enabled: "bool" }, "presence");
    const captured = new Date(Date.now() - 60_000).toISOString();
    const pings = { pings: [{ latitude: 6.44, longitude: 3.4, captured_at: captured, status: "on_shift" }] };
    const first = await app.call("POST", "/api/v1/field/locations", { data: pings });
    const again = await app.call("POST", "/api/v1/field/locations", { data: pings });
    expect(first.status, JSON.stringify(first.data)).toBe(200);
    expect((first.data as Json).accepted).toBe(1);
    expect((again.data as Json).accepted).toBe(0);

    // Row 26: the app reads its own flag back (dispatch's self-read), with the last ping kept.
    const mine = await app.call("GET", "/api/v1/field/locations/me");
    expect(mine.status, JSON.stringify(mine.data)).toBe(200);
    expectShape(mine.data, { status: "string", location_sharing_enabled: "bool", last_location_at: "date?" }, "me");
    expect(mine.data).toMatchObject({ location_sharing_enabled: true, person_id: techId, last_latitude: 6.44 });
    // The same self-read for the PWA: the profile's zone and consent, no technician:read needed.
    const profile = await app.call("GET", "/api/v1/dispatch/me");
    expect(profile.status, JSON.stringify(profile.data)).toBe(200);
    expect(profile.data).toMatchObject({ userId: techId, locationSharing: true, lastPosition: { latitude: 6.44 } });
    expect((profile.data as Json).timeZone).toBe("Africa/Lagos");

    const me = await boss.call("GET", "/api/v1/field/manager/me");
    expect(me.data).toMatchObject({ is_manager: true });
    expect((await app.call("GET", "/api/v1/field/manager/me")).data).toMatchObject({ is_manager: false });

    const summary = await boss.call("GET", "/api/v1/field/manager/summary");
    expect(summary.status, JSON.stringify(summary.data)).toBe(200);
    expectShape(
      summary.data,
      {
        technicians_total: "int",
        technicians_live: "int",
        technicians_sharing: "int",
        open_jobs: "int",
        unassigned_jobs: "int",
        pending_expenses: "int",
      },
      "summary",
    );
    const techs = await boss.call("GET", "/api/v1/field/manager/technicians");
    const tunde = ((techs.data as Json).items as Json[]).find((t) => t.person_id === techId) as Json;
    expectShape(
      tunde,
      {
        person_id: "string",
        person_label: "string?",
        status: "string?",
        location_sharing_enabled: "bool",
        is_live: "bool",
        last_latitude: "num?",
        last_longitude: "num?",
        last_location_at: "date?",
      },
      "technicians[]",
    );
    expect(tunde).toMatchObject({ is_live: true, location_sharing_enabled: true, last_latitude: 6.44 });

    const off = await app.call("PUT", "/api/v1/field/locations/sharing", {
      data: { enabled: false, status: "off_shift" },
    });
    expect(off.data).toMatchObject({ location_sharing_enabled: false, status: "off_shift" });
    const after = await app.call("GET", "/api/v1/field/locations/me");
    expect(after.data).toMatchObject({ location_sharing_enabled: false, status: "off_shift", last_latitude: null });
    // Staff without a technician profile get a 404 saying so, not someone else's row.
    const none = await boss.call("GET", "/api/v1/dispatch/me");
    expect(none.status).toBe(404);
  });

  it("the manager lists open jobs and assigns one; the technician's phone gets the push", async () => {
    const job = await withActor(system, () =>
      WorkOrder.create({
        title: "Survey at 7 Broad Street",
        priority: "medium",
        workType: "survey",
        requiredSkills: [],
        estimatedDurationMinutes: 30,
        tags: [],
      }),
    );
    const jobs = await boss.call("GET", "/api/v1/field/manager/jobs");
    expect(jobs.status, JSON.stringify(jobs.data)).toBe(200);
    const listed = ((jobs.data as Json).items as Json[]).find((j) => j.id === job.id);
    expect(listed, "the new job is listed").toBeDefined();
    expectShape(
      listed,
      {
        id: "string",
        title: "string",
        status: "string",
        priority: "string",
        work_type: "string",
        assigned_to_person_id: "string?",
        address_text: "string?",
        latitude: "num?",
      },
      "manager.jobs[]",
    );
    await app.call("POST", "/api/v1/field/devices", {
      data: { platform: "android", fcm_token: "tok-assign-phone", app_version: "1.0.0" },
    });
    const before = fcm.sent.length;
    const assigned = await boss.call("POST", `/api/v1/field/manager/jobs/${job.id}/assign`, {
      data: { person_id: techId },
    });
    expect(assigned.status, JSON.stringify(assigned.data)).toBe(200);
    expect(assigned.data).toMatchObject({ assigned_to_person_id: techId });
    expect(fcm.sent.slice(before).map((m) => m.data)).toContainEqual({
      type: "work_order_assigned",
      work_order_id: job.id,
    });
    // A technician cannot assign.
    expect(
      (await app.call("POST", `/api/v1/field/manager/jobs/${job.id}/assign`, { data: { person_id: techId } })).status,
    ).toBe(403);

    // Row 48: the manager takes it back with a reason; the app's outbox may send that twice.
    expect(
      (await app.call("POST", `/api/v1/field/manager/assignments/${job.id}/unassign`, { data: { reason: "sick" } }))
        .status,
      "a technician cannot unassign",
    ).toBe(403);
    const noReason = await boss.call("POST", `/api/v1/field/manager/assignments/${job.id}/unassign`, { data: {} });
    expect(noReason.status).toBe(400);
    for (let i = 0; i < 2; i++) {
      const res = await boss.call("POST", `/api/v1/field/manager/assignments/${job.id}/unassign`, {
        data: { reason: "Tunde is off sick" },
      });
      expect(res.status, JSON.stringify(res.data)).toBe(200);
      expect(res.data).toMatchObject({ id: job.id, assigned_to_person_id: null });
    }
    const after = await withActor(system, () => WorkOrder.get(job.id));
    expect(after.assignees).toEqual([]);
    expect(after.notes.filter((n) => n.body.includes("Tunde is off sick"))).toHaveLength(1);
    expect((await app.call("GET", `/api/v1/field/jobs/${job.id}`)).status, "no longer the technician's").toBe(404);
  });
});
