import { generateKeyPairSync } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createLocalJWKSet, exportJWK, importSPKI, jwtVerify } from "jose";

export interface FcmSent {
  project: string;
  token: string;
  notification: { title: string; body: string };
  data: Record<string, string>;
}

/**
 * A local stand-in for Google's OAuth token endpoint and FCM HTTP v1 `messages:send`, on 127.0.0.1:
 * it mints a service-account key whose `token_uri` points at itself, verifies the RS256 assertion the
 * adapter signs, issues access tokens, and answers sends (404 UNREGISTERED for tokens marked gone).
 */
export async function startFcmEmulator() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = publicKey.export({ type: "spki", format: "pem" }).toString();
  const jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(await importSPKI(pem, "RS256"))), alg: "RS256" }] });
  const clientEmail = "push@dotmac-test.iam.gserviceaccount.com";
  const accessTokens = new Set<string>();
  const unregistered = new Set<string>();
  const sent: FcmSent[] = [];
  let exchanges = 0;
  let url = "";

  const app = new Hono();
  app.post("/token", async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      return c.json({ error: "unsupported_grant_type" }, 400);
    }
    try {
      const { payload } = await jwtVerify(form.get("assertion") ?? "", jwks, {
        issuer: clientEmail,
        audience: `${url}/token`,
      });
      if (payload.scope !== "https://www.googleapis.com/auth/firebase.messaging") throw new Error("scope");
    } catch {
      return c.json({ error: "invalid_grant" }, 400);
    }
    exchanges++;
    const token = `ya29.emulated-${exchanges}`;
    accessTokens.add(token);
    return c.json({ access_token: token, expires_in: 3600, token_type: "Bearer" });
  });
  app.post("/v1/projects/:project/*", async (c) => {
    if (!c.req.path.endsWith("/messages:send")) return c.json({ error: { status: "NOT_FOUND" } }, 404);
    const bearer = c.req.header("authorization")?.replace(/^Bearer /, "") ?? "";
    if (!accessTokens.has(bearer)) return c.json({ error: { status: "UNAUTHENTICATED", code: 401 } }, 401);
    const { message } = (await c.req.json()) as { message: Omit<FcmSent, "project"> };
    if (unregistered.has(message.token)) {
      return c.json(
        {
          error: {
            code: 404,
            status: "NOT_FOUND",
            message: "Requested entity was not found.",
            details: [{ "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError", errorCode: "UNREGISTERED" }],
          },
        },
        404,
      );
    }
    sent.push({ project: c.req.param("project"), ...message });
    return c.json({ name: `projects/${c.req.param("project")}/messages/${sent.length}` });
  });

  const server = await new Promise<Server>((ready) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => ready(s as Server));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    sent,
    /** The key file an operator would paste into FCM_SERVICE_ACCOUNT. */
    serviceAccount: JSON.stringify({
      type: "service_account",
      project_id: "dotmac-test",
      client_email: clientEmail,
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      token_uri: `${url}/token`,
    }),
    /** The app was uninstalled: FCM answers UNREGISTERED for this token from now on. */
    unregister: (token: string) => unregistered.add(token),
    exchanges: () => exchanges,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
