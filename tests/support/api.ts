import * as Auth from "@dotmac/core/auth";
import { createApp } from "@dotmac/functions/api/app";

export const ORIGIN = "http://localhost:3999";

/** The app as the local runtime and CloudFront present it: API and webhooks on one origin. */
export function testApp() {
  const app = createApp({ publicOrigin: ORIGIN });
  const request = (path: string, init: RequestInit = {}) => app.request(`${ORIGIN}${path}`, init);
  return { app, request };
}

/** A staff user and a bearer token for it, through the real login verb. */
export async function staffToken(email = "ops@example.com", password = "correct horse battery staple") {
  if (!(await Auth.fromEmail(email))) await Auth.createUser({ email, password, displayName: "Ops", roles: ["admin"] });
  return (await passwordSignIn({ email, password })).accessToken;
}

/** Signs in with a password through the core verb, for an account without MFA. */
export async function passwordSignIn(credentials: Parameters<typeof Auth.login>[0]): Promise<Auth.Tokens> {
  const result = await Auth.login(credentials);
  if ("mfaRequired" in result) throw new Error(`${credentials.email} has MFA on; use Auth.Mfa.verifyLogin`);
  return result;
}

/** The cookies a response sets, as a `cookie` request header and by name. */
export function cookiesOf(res: Response): { header: string; byName: Record<string, string> } {
  const byName: Record<string, string> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const at = pair.indexOf("=");
    byName[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return {
    header: Object.entries(byName)
      .map(([name, value]) => `${name}=${value}`)
      .join("; "),
    byName,
  };
}

/** Signs in through the API as the portal does: the session cookies and the CSRF header to echo. */
export async function signIn(
  request: ReturnType<typeof testApp>["request"],
  email: string,
  password: string,
): Promise<{ cookie: string; csrf: string; res: Response }> {
  const res = await request("/api/v1/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: JSON.stringify({ email, password }),
  });
  const { header, byName } = cookiesOf(res);
  return { cookie: header, csrf: byName["__Host-dotmac_csrf"] ?? "", res };
}
