import { useConfig } from "@dotmac/core/platform/config";
import { localApp } from "@dotmac/functions/local/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase, type TestDatabase } from "../support/db";

// Issue 9, finding 8: the local runtime answered 500 before any authentication to a malformed
// %-escape in a page path and to a malformed multipart body on the local upload route.

let t: TestDatabase;
let app: ReturnType<typeof localApp>;
beforeAll(async () => {
  t = await setupTestDatabase();
  app = localApp(useConfig());
});
afterAll(() => t.close());

const expectProblem = async (res: Response, status: number) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
  expect(await res.text()).not.toMatch(/URIError|at async|\.ts:\d+/);
};

describe("issue 9 finding 8: the local runtime refuses malformed requests with a 4xx", () => {
  for (const path of ["/%ZZ", "/tickets/%E0%A4%A", "/%ED%A0%80", "/assets/%", "/customer/%C0%AF"]) {
    it(`issue 9 finding 8: GET ${path} is a 400 problem+json`, async () => {
      await expectProblem(await app.request(`http://localhost:3999${path}`), 400);
    });
  }

  it("issue 9 finding 8: a malformed multipart body to POST /_blob/upload is a 400, a non-multipart one a 415", async () => {
    const boundary = "----dotmac";
    for (const body of [`--${boundary}\r\nContent-Disposition: form-data; name="key"\r\n\r\nx`, "garbage", ""]) {
      const res = await app.request("http://localhost:3999/_blob/upload", {
        method: "POST",
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
        body,
      });
      await expectProblem(res, 400);
    }
    const json = await app.request("http://localhost:3999/_blob/upload", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await expectProblem(json, 415);
  });
});
