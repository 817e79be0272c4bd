import * as z from "zod/mini";

/**
 * The live protocol, the same on API Gateway and on the local runtime. Client → server frames are
 * JSON objects with an `action`; server → client frames carry an `event` (v1's names where they fit)
 * and small payloads (ids, versions, deltas): the client refetches through the API, where access is checked.
 */

/** A frame larger than this is refused before it is parsed (API Gateway's own frame limit is 32 KB). */
export const MAX_FRAME_BYTES = 4096;

const CONVERSATION = /^conversation:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `inbox` (every conversation event the user may see), `presence` (agents online), `conversation:<uuid>`,
 * `dispatch` (work orders moving on the dispatch board; staff who may dispatch).
 */
export const Topic = z.string().check(
  z.maxLength(60),
  z.refine((t) => t === "inbox" || t === "presence" || t === "dispatch" || CONVERSATION.test(t), {
    message: "topic must be inbox, presence, dispatch or conversation:<uuid>",
  }),
);
export type Topic = z.infer<typeof Topic>;

export const conversationTopic = (conversationId: string) => `conversation:${conversationId}`;
export const conversationOf = (topic: string) =>
  topic.startsWith("conversation:") ? topic.slice("conversation:".length) : undefined;

export const presenceStates = ["online", "away", "offline"] as const;
export type PresenceState = (typeof presenceStates)[number];

export const Frame = z.discriminatedUnion("action", [
  z.object({ action: z.literal("subscribe"), topic: Topic }),
  z.object({ action: z.literal("unsubscribe"), topic: Topic }),
  /** An agent is (or stops) writing in a conversation: the others on it see "X is replying". */
  z.object({
    action: z.literal("typing"),
    conversationId: z.uuid(),
    state: z._default(z.enum(["start", "stop"]), "start"),
  }),
  /** Keeps the connection (API Gateway closes one idle for 10 minutes) and the presence alive. */
  z.object({ action: z.literal("ping") }),
  z.object({ action: z.literal("presence"), state: z.enum(["online", "away"]) }),
]);
export type Frame = z.infer<typeof Frame>;

export type ParsedFrame = { ok: true; frame: Frame } | { ok: false; message: string };

/** Parses one client frame; a bad one says what to fix (it is answered with an `error` event, never dropped silently). */
export function parseFrame(raw: string): ParsedFrame {
  if (Buffer.byteLength(raw, "utf8") > MAX_FRAME_BYTES) {
    return { ok: false, message: `frame is larger than ${MAX_FRAME_BYTES} bytes` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, message: "frame is not JSON" };
  }
  const parsed = z.safeParse(Frame, json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const message = parsed.error.issues
    .map((i) => `${i.path.map(String).join(".") || "(root)"}: ${i.message}`)
    .join("; ");
  return { ok: false, message };
}

/** Server → client events. */
export type LiveEvent =
  | { event: "subscribed" | "unsubscribed"; topic: string }
  | { event: "pong" }
  | { event: "error"; code: "validation" | "not_found" | "forbidden" | "limit"; message: string; topic?: string }
  | {
      event: "message_new";
      topic: string;
      data: { conversationId: string; messageId: string; kind: "inbound" | "outbound" | "note" };
    }
  | { event: "message_status"; topic: string; data: { conversationId: string; messageId: string; status: string } }
  | {
      event: "conversation_updated";
      topic: string;
      data: { conversationId: string; version?: number; changes: string[]; status?: string };
    }
  | { event: "inbox_updated"; topic: "inbox"; data: { conversationId: string; reason: string; version?: number } }
  | {
      event: "user_typing";
      topic: string;
      data: { conversationId: string; userId: string; name: string; state: "start" | "stop" };
    }
  | { event: "presence"; topic: "presence"; data: { userId: string; state: PresenceState } }
  | { event: "dispatch_updated"; topic: "dispatch"; data: { workOrderId: string; reason: string } };

export const encode = (event: LiveEvent) => JSON.stringify(event);
