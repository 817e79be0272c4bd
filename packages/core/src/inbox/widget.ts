import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Person from "../person";
import { personChannelTable } from "../person/person.sql";
import { useConfig } from "../platform/config";
import { useRequestMeta } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { decodeCursor, encodeCursor, id, text } from "../platform/input";
import { publicUrl } from "../platform/public-url";
import * as RateLimit from "../platform/rate-limit";
import { signedNonce } from "../platform/signed-nonce";
import { live } from "../platform/soft-delete";
import { Calendar, spans } from "../sla/calendar";
import { inboxChannelTable, inboxConversationTable, inboxMessageTable } from "./inbox.sql";
import { applyStatus, inbound } from "./receive";

// ---------------------------------------------------------------------------------------------------------
// Settings: what an admin configures per widget, validated once here (the portal form shows the same verdicts).

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio between two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG AA for normal-size text: the launcher label, the header and the visitor's bubbles are text on `primary`. */
export const MIN_CONTRAST = 4.5;

const hex = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like "#0b5cad"')
  .transform((v) => v.toLowerCase());

/** An origin as browsers send it in `Origin`: scheme, host and port only (`https://www.example.net`). */
const origin = z
  .string()
  .trim()
  .max(200)
  .transform((raw, ctx) => {
    const bare = raw.replace(/\/$/, "");
    try {
      const url = new URL(bare);
      if ((url.protocol === "https:" || url.protocol === "http:") && url.origin === bare.toLowerCase())
        return url.origin;
    } catch {}
    ctx.addIssue({ code: "custom", message: `"${raw}" is not an origin: write it like https://www.example.net` });
    return z.NEVER;
  });

const requirement = z.enum(["off", "optional", "required"]);

export const Colors = z.object({ primary: hex, onPrimary: hex }).superRefine((c, ctx) => {
  const ratio = contrastRatio(c.primary, c.onPrimary);
  if (ratio < MIN_CONTRAST) {
    ctx.addIssue({
      code: "custom",
      path: ["onPrimary"],
      message: `text ${c.onPrimary} on ${c.primary} has contrast ${ratio.toFixed(2)}:1; WCAG AA needs ${MIN_CONTRAST}:1 — darken one colour or lighten the other`,
    });
  }
});

export const Settings = z.object({
  /** Sites allowed to embed the widget; every visitor call's `Origin` must be one of them. */
  allowedOrigins: z
    .array(origin)
    .min(1, "add the origin of the site the widget is embedded on, e.g. https://www.example.net")
    .max(20),
  colors: Colors.default({ primary: "#0b5cad", onPrimary: "#ffffff" }),
  greeting: text(500).default("Hi! How can we help?"),
  preChat: z
    .object({
      name: requirement.default("required"),
      email: requirement.default("optional"),
      phone: requirement.default("off"),
    })
    .default({ name: "required", email: "optional", phone: "off" }),
  /** Business hours as an SLA business calendar; null = always open. */
  hours: Calendar.nullable().default(null),
  offlineMessage: text(500).default("We are away right now. Leave a message and we will answer when we are back."),
});
export type Settings = z.output<typeof Settings>;

/** Whether a widget with these settings is inside its business hours at `at`. */
export function isOpen(settings: { hours: Calendar | null }, at: Date = new Date()): boolean {
  if (!settings.hours) return true;
  return spans(settings.hours, at, at.getTime() + 1)[0]?.open ?? false;
}

// ---------------------------------------------------------------------------------------------------------
// Staff: widget channels (Settings › Inbox › Web chat).

export const Info = z.object({
  id: z.uuid(),
  name: z.string(),
  publicId: z.string(),
  status: z.enum(["active", "disabled"]),
  teamId: z.uuid().nullable(),
  settings: Settings,
  /** The one script tag the ISP pastes into its site. */
  snippet: z.string(),
});
export type Info = z.infer<typeof Info>;

type ChannelRow = typeof inboxChannelTable.$inferSelect;

/** The stored settings; a row written before a field existed gets that field's default. */
function settingsOf(row: ChannelRow): Settings {
  const parsed = Settings.safeParse(row.settings);
  if (!parsed.success)
    throw new AppError("precondition_failed", `Widget ${row.name} has invalid settings; save them again`);
  return parsed.data;
}

export function snippet(publicId: string): string {
  return `<script src="${publicUrl()}/widget.js" data-widget-id="${publicId}" async></script>`;
}

const toInfo = (row: ChannelRow): Info => ({
  id: row.id,
  name: row.name,
  publicId: row.externalAccountId,
  status: row.status,
  teamId: row.teamId,
  settings: settingsOf(row),
  snippet: snippet(row.externalAccountId),
});

const widgetRows = () => and(eq(inboxChannelTable.kind, "widget"), live(inboxChannelTable));

export const list = fn(z.object({}).default({}), async (): Promise<Info[]> => {
  requirePermission("crm:inbox:settings:read");
  const rows = await useTransaction((tx) =>
    tx.select().from(inboxChannelTable).where(widgetRows()).orderBy(asc(inboxChannelTable.name)),
  );
  return rows.map(toInfo);
});

export const create = fn(
  z.object({ name: text(100), teamId: id().nullish(), settings: Settings }),
  async (input): Promise<Info> => {
    requirePermission("crm:inbox:settings:write");
    const publicId = `wgt_${randomBytes(12).toString("base64url")}`;
    const [row] = await useTransaction((tx) =>
      tx
        .insert(inboxChannelTable)
        .values({
          kind: "widget",
          name: input.name,
          externalAccountId: publicId,
          teamId: input.teamId ?? null,
          settings: input.settings,
        })
        .returning(),
    );
    if (!row) throw new AppError("conflict", "The widget could not be created; try again");
    return toInfo(row);
  },
);

export const update = fn(
  z.object({
    id: id(),
    name: text(100).optional(),
    teamId: id().nullish(),
    status: z.enum(["active", "disabled"]).optional(),
    settings: Settings.optional(),
  }),
  async ({ id, ...changes }): Promise<Info> => {
    requirePermission("crm:inbox:settings:write");
    const [row] = await useTransaction((tx) =>
      tx
        .update(inboxChannelTable)
        .set({
          // `updatedAt` always: an empty patch is a no-op that still answers the widget, never a 500.
          updatedAt: new Date(),
          ...(changes.name !== undefined ? { name: changes.name } : {}),
          ...(changes.teamId !== undefined ? { teamId: changes.teamId } : {}),
          ...(changes.status !== undefined ? { status: changes.status } : {}),
          ...(changes.settings !== undefined ? { settings: changes.settings } : {}),
        })
        .where(and(eq(inboxChannelTable.id, id), widgetRows()))
        .returning(),
    );
    if (!row) throw new AppError("not_found", `Widget ${id} not found`);
    return toInfo(row);
  },
);

// ---------------------------------------------------------------------------------------------------------
// Visitors: the public side. Each call names the widget (public id) and carries the browser's `Origin`;
// all but config and start carry the visitor token. Nothing here reads a staff session.

/**
 * The visitor token is `nonce.mac`: the nonce is the visitor id (their `visitor` person channel) and
 * the mac binds it to one widget, so a token of another widget, or one made up, does not verify.
 */
export const visitorToken = signedNonce("widget-visitor");

const widgetId = z.string().min(1).max(64);
const Origin = z.string().max(300).nullish();

async function activeWidget(publicId: string, requestOrigin: string | null | undefined) {
  const [row] = await useTransaction((tx) =>
    tx
      .select()
      .from(inboxChannelTable)
      .where(and(widgetRows(), eq(inboxChannelTable.externalAccountId, publicId))),
  );
  // Unknown and disabled widgets look the same: a probe learns nothing.
  if (row?.status !== "active") throw new AppError("not_found", `Widget ${publicId} not found`);
  const settings = settingsOf(row);
  if (!requestOrigin || !settings.allowedOrigins.includes(requestOrigin)) {
    throw new AppError(
      "forbidden",
      `This widget may not be embedded on ${requestOrigin ?? "a page without an Origin"}`,
    );
  }
  return { row, settings };
}

/** Whether `requestOrigin` may call the widget `publicId` (CORS answers only for these). */
export async function allowsOrigin(publicId: string, requestOrigin: string | null | undefined): Promise<boolean> {
  return activeWidget(publicId, requestOrigin).then(
    () => true,
    () => false,
  );
}

/** Per IP and per visitor budgets on top of the API's general per-IP limit; refusals are 429 with Retry-After. */
async function limit(visitorId: string | null) {
  const config = useConfig();
  const windowSeconds = config.WIDGET_RATE_LIMIT_WINDOW_SECONDS;
  const ip = useRequestMeta().ip ?? "unknown";
  const hits: Array<[string, number]> = [[`widget:ip:${ip}`, config.WIDGET_RATE_LIMIT_IP]];
  if (visitorId) hits.push([`widget:visitor:${visitorId}`, config.WIDGET_RATE_LIMIT_VISITOR]);
  for (const [key, max] of hits) {
    const result = await RateLimit.hit(key, { limit: max, windowSeconds });
    if (!result.allowed) {
      throw new AppError("rate_limited", `Too many chat requests; try again in ${result.resetSeconds} s`, [], {
        retryAfterSeconds: result.resetSeconds,
      });
    }
  }
}

async function session(publicId: string, requestOrigin: string | null | undefined, token: string | null | undefined) {
  const widget = await activeWidget(publicId, requestOrigin);
  const visitorId = await visitorToken.verify(token, publicId);
  if (!visitorId)
    throw new AppError(
      "unauthenticated",
      "The visitor token is missing or not valid for this widget; start a new chat",
    );
  await limit(visitorId);
  const [channel] = await useTransaction((tx) =>
    tx
      .select()
      .from(personChannelTable)
      .where(
        and(eq(personChannelTable.kind, "visitor"), eq(personChannelTable.value, visitorId), live(personChannelTable)),
      ),
  );
  if (!channel) throw new AppError("unauthenticated", "This chat no longer exists; start a new chat");
  return { ...widget, visitorId, visitorChannel: channel };
}

export const PublicConfig = z.object({
  name: z.string(),
  greeting: z.string(),
  colors: z.object({ primary: z.string(), onPrimary: z.string() }),
  preChat: Settings.shape.preChat.unwrap(),
  online: z.boolean(),
  offlineMessage: z.string(),
});
export type PublicConfig = z.infer<typeof PublicConfig>;

/** What the embedded script needs to draw itself; nothing else (no origins list, no calendar). */
export const config = fn(z.object({ widgetId, origin: Origin }), async (input): Promise<PublicConfig> => {
  const { row, settings } = await activeWidget(input.widgetId, input.origin);
  await limit(null);
  return {
    name: row.name,
    greeting: settings.greeting,
    colors: settings.colors,
    preChat: settings.preChat,
    online: isOpen(settings),
    offlineMessage: settings.offlineMessage,
  };
});

const clientId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "must be 8 to 64 letters, digits, _ or -");
const body = text(4000);

export const WidgetMessage = z.object({
  id: z.uuid(),
  /** `visitor` wrote it, or `agent` (an agent's reply or an automatic message). */
  from: z.enum(["visitor", "agent"]),
  body: z.string().nullable(),
  at: z.string(),
  clientId: z.string().nullable(),
});
export type WidgetMessage = z.infer<typeof WidgetMessage>;

export const StartInput = z.object({
  widgetId,
  origin: Origin,
  name: text(200).optional(),
  email: z.string().trim().max(320).optional(),
  phone: z.string().trim().max(40).optional(),
  /** The first message, sent with the form (optional: the visitor may write after starting). */
  message: body.optional(),
  clientId: clientId.optional(),
});

/**
 * The pre-chat form: checks the widget's required fields, makes the visitor a person (a new lead with
 * a `visitor` channel; the email and phone they typed are added as that person's channels only when
 * nobody owns them yet — a typed address never attaches the visitor to an existing customer, whose
 * threads they would then read) and returns the signed visitor token. With a first message, the
 * conversation opens through the shared receive path.
 */
export const start = fn(StartInput, async (input) => {
  const { row, settings } = await activeWidget(input.widgetId, input.origin);
  await limit(null);
  const missing = (["name", "email", "phone"] as const).filter((f) => settings.preChat[f] === "required" && !input[f]);
  if (missing.length) {
    throw new AppError(
      "validation",
      `Fill in ${missing.join(", ")} to start the chat`,
      missing.map((path) => ({ path, message: "is required" })),
    );
  }
  const extra: Array<{ kind: "email" | "phone"; value: string }> = [];
  for (const kind of ["email", "phone"] as const) {
    const raw = input[kind];
    if (!raw || settings.preChat[kind] === "off") continue;
    const normal = Person.normaliseChannel(kind, raw);
    if (!normal.ok)
      throw new AppError("validation", `${kind}: ${normal.message}`, [{ path: kind, message: normal.message }]);
    extra.push({ kind, value: normal.value });
  }
  const token = await visitorToken.issue(row.externalAccountId);
  const visitorId = token.split(".")[0] as string;
  const name = input.name ?? extra[0]?.value ?? "Web visitor";
  await createTransaction(async (tx) => {
    const { person } = await Person.resolveSender(tx, { kind: "visitor", value: visitorId, name });
    if (!extra.length) return;
    const owned = await tx
      .select({ kind: personChannelTable.kind, value: personChannelTable.value })
      .from(personChannelTable)
      .where(
        and(
          live(personChannelTable),
          or(...extra.map((e) => and(eq(personChannelTable.kind, e.kind), eq(personChannelTable.value, e.value)))),
        ),
      );
    const free = extra.filter((e) => !owned.some((o) => o.kind === e.kind && o.value === e.value));
    if (free.length) {
      await tx
        .insert(personChannelTable)
        .values(free.map((e) => ({ personId: person.id, kind: e.kind, value: e.value, isPrimary: true })))
        .onConflictDoNothing();
    }
  });
  let conversationId: string | null = null;
  if (input.message) {
    const sent = await store(
      row.id,
      visitorId,
      input.clientId ?? randomBytes(12).toString("base64url"),
      input.message,
      name,
    );
    conversationId = sent.conversationId;
  }
  return { token, conversationId, online: isOpen(settings), offlineMessage: settings.offlineMessage };
});

function store(channelId: string, visitorId: string, client: string, text: string, name?: string) {
  return inbound({
    channelId,
    from: { value: visitorId, name: name ?? null },
    // Scoped to the visitor: two visitors choosing the same client id are two messages.
    externalId: `${visitorId}:${client}`,
    kind: "text",
    body: text,
    providerAt: new Date(),
  });
}

const Authed = z.object({ widgetId, origin: Origin, token: z.string().max(300).nullish() });

/** The visitor writes. Idempotent by `clientId`: a retry after a lost answer stores nothing new. */
export const send = fn(Authed.extend({ clientId, body }), async (input) => {
  const s = await session(input.widgetId, input.origin, input.token);
  const result = await store(s.row.id, s.visitorId, input.clientId, input.body);
  return {
    messageId: result.messageId,
    duplicate: result.outcome === "duplicate",
    online: isOpen(s.settings),
    offlineMessage: s.settings.offlineMessage,
  };
});

/** Messages the widget shows: the customer's and the agents' sent replies, never notes or queued drafts. */
const visible = sql`(${inboxMessageTable.direction} = 'inbound' or (${inboxMessageTable.direction} = 'outbound' and ${inboxMessageTable.status} <> 'failed'))`;

/**
 * The visitor's thread after `since` (the `cursor` of the previous answer), oldest first, across every
 * conversation of this visitor on this widget (a resolved chat and the next one read as one thread).
 * Agent replies it returns count as delivered: the visitor's browser has them.
 */
export const messages = fn(Authed.extend({ since: z.string().max(400).optional() }), async (input) => {
  const s = await session(input.widgetId, input.origin, input.token);
  let after: [string, string] | undefined;
  if (input.since) {
    after = decodeCursor(input.since, z.tuple([z.iso.datetime(), z.uuid()]));
  }
  const m = inboxMessageTable;
  // The cursor carries milliseconds (JSON dates); the column has microseconds: compare at the cursor's precision.
  const at = sql`date_trunc('milliseconds', ${m.createdAt})`;
  return createTransaction(async (tx) => {
    const conversations = tx
      .select({ id: inboxConversationTable.id })
      .from(inboxConversationTable)
      .where(
        and(
          eq(inboxConversationTable.channelId, s.row.id),
          eq(inboxConversationTable.personChannelId, s.visitorChannel.id),
        ),
      );
    const rows = await tx
      .select()
      .from(m)
      .where(
        and(
          inArray(m.conversationId, conversations),
          visible,
          after ? sql`(${at}, ${m.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
        ),
      )
      .orderBy(after ? asc(at) : desc(at), after ? asc(m.id) : desc(m.id))
      .limit(200);
    if (!after) rows.reverse();
    const now = new Date();
    for (const row of rows) {
      if (
        row.direction === "outbound" &&
        (row.status === "queued" || row.status === "sending" || row.status === "sent")
      ) {
        await applyStatus(tx, row.id, "delivered", now);
      }
    }
    const last = rows.at(-1);
    return {
      items: rows.map(
        (row): WidgetMessage => ({
          id: row.id,
          from: row.direction === "inbound" ? "visitor" : "agent",
          body: row.body,
          at: row.createdAt.toISOString(),
          clientId: row.direction === "inbound" ? (row.externalId?.split(":")[1] ?? null) : null,
        }),
      ),
      cursor: last ? encodeCursor([last.createdAt.toISOString(), last.id]) : (input.since ?? null),
      online: isOpen(s.settings),
    };
  });
});

/** The panel showed the agent's messages up to `messageId`: they are read. */
export const seen = fn(Authed.extend({ messageId: id() }), async (input) => {
  const s = await session(input.widgetId, input.origin, input.token);
  const m = inboxMessageTable;
  await createTransaction(async (tx) => {
    const [upTo] = await tx
      .select({ conversationId: m.conversationId })
      .from(m)
      .innerJoin(inboxConversationTable, eq(inboxConversationTable.id, m.conversationId))
      .where(and(eq(m.id, input.messageId), eq(inboxConversationTable.personChannelId, s.visitorChannel.id)));
    if (!upTo) throw new AppError("not_found", `Message ${input.messageId} not found in this chat`);
    const unread = await tx
      .select({ id: m.id })
      .from(m)
      .where(
        and(
          eq(m.conversationId, upTo.conversationId),
          eq(m.direction, "outbound"),
          inArray(m.status, ["queued", "sending", "sent", "delivered"]),
          // Compared in SQL: the column keeps microseconds a JS Date would drop.
          sql`${m.createdAt} <= (select created_at from inbox_message where id = ${input.messageId})`,
        ),
      );
    const now = new Date();
    for (const row of unread) await applyStatus(tx, row.id, "read", now);
  });
  return { ok: true as const };
});
