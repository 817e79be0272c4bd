/**
 * The auth domain's narrow door for the request chain: checking a session token or an API key, without
 * the domain's verbs and schemas (`@dotmac/core/auth`), so what every API request loads before its route
 * stays small. Everything here is also exported by the full door.
 */

export { KEY_PREFIX as API_KEY_PREFIX, verifyApiKey, verifySession } from "../credentials";
export { type Portal, portals } from "../values";
