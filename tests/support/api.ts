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
  const { token } = await Auth.login({ email, password });
  return token;
}
