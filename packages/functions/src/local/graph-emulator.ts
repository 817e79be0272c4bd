import { createHmac, randomBytes } from "node:crypto";
import { z } from "@hono/zod-openapi";
import { Hono } from "hono";

/**
 * A stand-in for Meta's Graph API on one machine and in tests: it accepts the Send API and Cloud API
 * bodies only in the shapes Meta documents (zod below), answers as Meta does (ids, error bodies with
 * `code`/`error_subcode`/`fbtrace_id`), plays scripted errors per recipient, serves a template
 * catalogue page by page, and reports delivery (sent → delivered → read) through a callback or as
 * signed webhooks. It never listens beyond 127.0.0.1 (see tests/support/graph-emulator.ts).
 */

const text = z.string().min(1);
const mediaObject = z
  .object({
    link: z.url().optional(),
    id: text.optional(),
    caption: z.string().max(1024).optional(),
    filename: text.optional(),
  })
  .strict()
  .refine((m) => (m.link === undefined) !== (m.id === undefined), "exactly one of link or id");
const parameter = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }).strict(),
  z.object({ type: z.literal("image"), image: mediaObject }).strict(),
  z.object({ type: z.literal("video"), video: mediaObject }).strict(),
  z.object({ type: z.literal("document"), document: mediaObject }).strict(),
  z.object({ type: z.literal("payload"), payload: z.string() }).strict(),
]);
const component = z
  .object({
    type: z.enum(["header", "body", "button"]),
    sub_type: z.string().optional(),
    index: z.string().optional(),
    parameters: z.array(parameter),
  })
  .strict();
const waBase = {
  messaging_product: z.literal("whatsapp"),
  recipient_type: z.literal("individual").optional(),
  to: z.string().regex(/^\+?\d{6,20}$/, "a phone number in international format"),
  context: z.object({ message_id: text }).strict().optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
};
export const WhatsappSend = z.discriminatedUnion("type", [
  z
    .object({
      ...waBase,
      type: z.literal("text"),
      text: z.object({ body: z.string().min(1).max(4096), preview_url: z.boolean().optional() }).strict(),
    })
    .strict(),
  z.object({ ...waBase, type: z.literal("image"), image: mediaObject }).strict(),
  z.object({ ...waBase, type: z.literal("video"), video: mediaObject }).strict(),
  z.object({ ...waBase, type: z.literal("audio"), audio: mediaObject }).strict(),
  z.object({ ...waBase, type: z.literal("document"), document: mediaObject }).strict(),
  z
    .object({
      ...waBase,
      type: z.literal("template"),
      template: z
        .object({
          name: text,
          language: z.object({ code: text, policy: z.literal("deterministic").optional() }).strict(),
          components: z.array(component).optional(),
        })
        .strict(),
    })
    .strict(),
]);
export type WhatsappSend = z.infer<typeof WhatsappSend>;

export const MessengerSend = z
  .object({
    recipient: z.object({ id: text }).strict(),
    messaging_type: z.enum(["RESPONSE", "UPDATE", "MESSAGE_TAG"]),
    tag: z.enum(["HUMAN_AGENT", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "ACCOUNT_UPDATE"]).optional(),
    message: z
      .object({
        text: z.string().min(1).max(2000).optional(),
        attachment: z
          .object({
            type: z.enum(["image", "video", "audio", "file"]),
            payload: z.object({ url: z.url(), is_reusable: z.boolean().optional() }).strict(),
          })
          .strict()
          .optional(),
        metadata: z.string().max(1000).optional(),
      })
      .strict()
      .refine((m) => (m.text === undefined) !== (m.attachment === undefined), "exactly one of text or attachment"),
  })
  .strict()
  .refine(
    (b) => (b.messaging_type === "MESSAGE_TAG") === (b.tag !== undefined),
    "tag goes with messaging_type MESSAGE_TAG",
  );
export type MessengerSend = z.infer<typeof MessengerSend>;

/** A scripted answer: a Graph error (HTTP status, code, optional subcode and details). */
export interface ScriptedError {
  status: number;
  code: number;
  message?: string;
  subcode?: number;
  details?: string;
  retryAfter?: number;
}

export const graphErrors = {
  rateLimited: {
    status: 429,
    code: 130429,
    message: "(#130429) Rate limit hit",
    details: "Cloud API message throughput has been reached.",
  },
  reengagement: {
    status: 400,
    code: 131047,
    message: "(#131047) Re-engagement message",
    details:
      "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
  },
  invalidParameter: { status: 400, code: 100, message: "(#100) Invalid parameter" },
  outsideWindow: {
    status: 400,
    code: 10,
    subcode: 2018278,
    message:
      "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
  },
  serverError: { status: 500, code: 131000, message: "(#131000) Something went wrong" },
  unavailable: { status: 503, code: 2, message: "(#2) Service temporarily unavailable" },
} satisfies Record<string, ScriptedError>;

export interface SentRecord {
  product: "whatsapp" | "messenger";
  accountId: string;
  to: string;
  id: string;
  body: WhatsappSend | MessengerSend;
  /** Our message id as the sender passed it (biz_opaque_callback_data / message.metadata). */
  opaque: string | undefined;
  token: string;
}

export interface StatusReport {
  product: "whatsapp" | "messenger";
  accountId: string;
  externalId: string;
  recipient: string;
  status: "sent" | "delivered" | "read" | "failed";
  at: Date;
  opaque: string | undefined;
  error?: { code: number; title: string };
}

export interface GraphEmulatorOptions {
  /** Where statuses go: a callback (the local runtime applies them directly) and/or signed webhooks. */
  onStatus?: (report: StatusReport) => Promise<void> | void;
  webhook?: { whatsappUrl?: string; messengerUrl?: string; appSecret: string };
  /** After an accepted send, report sent → delivered → read by itself (local demo); tests drive it by hand. */
  autoStatus?: boolean;
  /** Templates listed per page (Meta's default page is 25). */
  pageSize?: number;
}

export interface EmulatorTemplate {
  id?: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: Record<string, unknown>[];
}

function errorBody(e: ScriptedError) {
  return {
    error: {
      message: e.message ?? `(#${e.code}) Error`,
      type: "OAuthException",
      code: e.code,
      ...(e.subcode ? { error_subcode: e.subcode } : {}),
      ...(e.details ? { error_data: { messaging_product: "whatsapp", details: e.details } } : {}),
      fbtrace_id: randomBytes(9).toString("base64url"),
    },
  };
}

/** The WhatsApp `statuses` webhook Meta posts (research §1.3), for one status of one message. */
export function whatsappStatusWebhook(r: StatusReport) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: "WABA_EMULATOR",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: r.accountId, phone_number_id: r.accountId },
              statuses: [
                {
                  id: r.externalId,
                  status: r.status,
                  timestamp: String(Math.floor(r.at.getTime() / 1000)),
                  recipient_id: r.recipient,
                  ...(r.opaque ? { biz_opaque_callback_data: r.opaque } : {}),
                  ...(r.error ? { errors: [{ code: r.error.code, title: r.error.title }] } : {}),
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

/** Messenger's delivery/read webhooks (research §1.4): `delivery.mids` and a `read.watermark`. */
export function messengerStatusWebhook(r: StatusReport) {
  const ms = r.at.getTime();
  const event =
    r.status === "read" ? { read: { watermark: ms } } : { delivery: { mids: [r.externalId], watermark: ms } };
  return {
    object: "page",
    entry: [
      {
        id: r.accountId,
        time: ms,
        messaging: [{ sender: { id: r.recipient }, recipient: { id: r.accountId }, timestamp: ms, ...event }],
      },
    ],
  };
}

export function signature(appSecret: string, body: string): string {
  return `sha256=${createHmac("sha256", appSecret).update(body).digest("hex")}`;
}

export function createGraphEmulator(options: GraphEmulatorOptions = {}) {
  const sent: SentRecord[] = [];
  const rejected: { path: string; issues: string }[] = [];
  const scripts = new Map<string, ScriptedError[]>();
  let templates: EmulatorTemplate[] = [];
  let counter = 0;

  /** Recipients whose number ends in these digits fail this way in the local demo (research §1.8). */
  const demoScenario = (to: string): ScriptedError | undefined =>
    to.endsWith("1047") ? graphErrors.reengagement : undefined;

  async function report(r: StatusReport) {
    await options.onStatus?.(r);
    const hook = options.webhook;
    const url = r.product === "whatsapp" ? hook?.whatsappUrl : hook?.messengerUrl;
    if (hook && url) {
      const body = JSON.stringify(r.product === "whatsapp" ? whatsappStatusWebhook(r) : messengerStatusWebhook(r));
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": signature(hook.appSecret, body) },
        body,
      });
    }
  }

  const app = new Hono();
  app.post("/:version/:accountId/messages", async (c) => {
    const auth = c.req.header("authorization") ?? "";
    if (!/^Bearer \S+$/.test(auth)) {
      return c.json(
        errorBody({ status: 401, code: 190, message: "Invalid OAuth access token - Cannot parse access token" }),
        401,
      );
    }
    const raw = await c.req.json().catch(() => undefined);
    const isWhatsapp = typeof raw === "object" && raw !== null && "messaging_product" in raw;
    const parsed = isWhatsapp ? WhatsappSend.safeParse(raw) : MessengerSend.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
      rejected.push({ path: c.req.path, issues });
      return c.json(errorBody({ ...graphErrors.invalidParameter, details: issues }), 400);
    }
    const body = parsed.data;
    // Meta takes a WhatsApp number with or without its "+": recorded and scripted without it.
    const to = "to" in body ? body.to.replace(/^\+/, "") : body.recipient.id;
    const queue = scripts.get(to);
    const scripted = queue?.shift() ?? demoScenario(to);
    if (scripted) {
      return c.json(
        errorBody(scripted),
        scripted.status as 400,
        scripted.retryAfter ? { "retry-after": String(scripted.retryAfter) } : {},
      );
    }
    counter++;
    const product = isWhatsapp ? "whatsapp" : "messenger";
    const id = isWhatsapp ? `wamid.EMU${String(counter).padStart(6, "0")}` : `m_EMU${String(counter).padStart(6, "0")}`;
    const opaque = "to" in body ? body.biz_opaque_callback_data : body.message.metadata;
    const record: SentRecord = {
      product,
      accountId: c.req.param("accountId"),
      to,
      id,
      body,
      opaque,
      token: auth.slice(7),
    };
    sent.push(record);
    if (options.autoStatus) {
      // After the answer, as Meta does (a status can also beat it: tests drive that case by hand).
      setTimeout(() => {
        void (async () => {
          for (const status of ["sent", "delivered", "read"] as const) {
            if (product === "messenger" && status === "sent") continue;
            await report({
              product,
              accountId: record.accountId,
              externalId: id,
              recipient: to,
              status,
              at: new Date(),
              opaque,
            }).catch(() => undefined);
          }
        })();
      }, 50);
    }
    return isWhatsapp
      ? c.json({
          messaging_product: "whatsapp",
          contacts: [{ input: to, wa_id: to }],
          messages: [{ id, message_status: "accepted" }],
        })
      : c.json({ recipient_id: to, message_id: id });
  });

  app.get("/:version/:wabaId/message_templates", (c) => {
    if (!/^Bearer \S+$/.test(c.req.header("authorization") ?? "")) {
      return c.json(errorBody({ status: 401, code: 190, message: "Invalid OAuth access token" }), 401);
    }
    const size = Math.min(Number(c.req.query("limit") ?? 25), options.pageSize ?? 25);
    const start = Number(c.req.query("after") ?? 0) || 0;
    const page = templates.slice(start, start + size);
    const nextStart = start + page.length;
    const more = nextStart < templates.length;
    return c.json({
      data: page.map((t, i) => ({ id: t.id ?? String(1000 + start + i), ...t })),
      paging: {
        cursors: { before: String(start), after: String(nextStart) },
        ...(more ? { next: `${new URL(c.req.url).origin}${c.req.path}?after=${nextStart}` } : {}),
      },
    });
  });

  return {
    app,
    sent,
    rejected,
    /** The next sends to `recipient` answer these errors, in order, then succeed. */
    script(recipient: string, ...errors: ScriptedError[]) {
      const key = recipient.replace(/^\+/, "");
      scripts.set(key, [...(scripts.get(key) ?? []), ...errors]);
    },
    setTemplates(next: EmulatorTemplate[]) {
      templates = next;
    },
    /** Reports a status of a sent message (the tests' way to say "Meta delivered it now"). */
    report(externalId: string, status: StatusReport["status"], at = new Date(), error?: StatusReport["error"]) {
      const record = sent.find((s) => s.id === externalId);
      if (!record) throw new Error(`The emulator sent no message ${externalId}`);
      return report({
        product: record.product,
        accountId: record.accountId,
        externalId,
        recipient: record.to,
        status,
        at,
        opaque: record.opaque,
        error,
      });
    },
    reset() {
      sent.length = 0;
      rejected.length = 0;
      scripts.clear();
    },
  };
}
export type GraphEmulator = ReturnType<typeof createGraphEmulator>;
