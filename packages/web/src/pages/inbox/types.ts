import type { InferResponseType } from "hono/client";
import { client } from "../../api";

export const conversations = client.api.v1.inbox.conversations;
export type Conversation = InferResponseType<typeof conversations.$get, 200>["items"][number];
export type Detail = InferResponseType<(typeof conversations)[":id"]["$get"], 200>;
export type Message = InferResponseType<(typeof conversations)[":id"]["messages"]["$get"], 200>["items"][number];
export type Counts = InferResponseType<typeof conversations.counts.$get, 200>;
export type Label = InferResponseType<typeof client.api.v1.inbox.labels.$get, 200>["items"][number];
export type Canned = InferResponseType<(typeof client.api.v1.inbox)["canned-responses"]["$get"], 200>["items"][number];
export const folders = ["mine", "unassigned", "all", "mentions"] as const;
export type Folder = (typeof folders)[number];

/**
 * Where live updates plug in: today the list polls every 15 s; when `useLive` lands, its handler calls
 * the same refresh (and the version in ConversationUpdated lets it drop stale ones).
 */
export const POLL_MS = 15_000;
