export { changePassword, deactivate, fromEmail, me } from "./account";
export * as ApiKey from "./api-key";
export { type Portal, portals } from "./auth.sql";
export { createUser, NewUser } from "./create-user";
export { Events } from "./events";
export { Info, ISSUER, STAFF_AUDIENCE } from "./info";
export { login } from "./login";
export type { Challenge } from "./mfa";
export * as Mfa from "./mfa";
export * as Rbac from "./rbac";
export * as Recovery from "./recovery";
export {
  ACCESS_TTL_SECONDS,
  IDLE_TTL_SECONDS,
  listSessions,
  logout,
  REUSE_GRACE_SECONDS,
  refresh,
  revokeSession,
  SESSION_TTL_SECONDS,
  SessionInfo,
  type Tokens,
  verifySession,
} from "./session";
export { DEVICE_TTL_SECONDS } from "./throttle";
export * as Users from "./users";
