import { and, asc, eq, notInArray, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id } from "../platform/input";
import { inboxChannelTable } from "./inbox.sql";
import { inboxTemplateTable } from "./templates.sql";

export const TemplateInfo = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  name: z.string(),
  language: z.string(),
  category: z.string(),
  status: z.string(),
  /** Meta's components (HEADER, BODY, FOOTER, BUTTONS) as synced. */
  components: z.array(z.record(z.string(), z.unknown())),
  /** How many `{{n}}` the body holds: the composer asks for that many `variables`. */
  bodyVariables: z.number().int(),
  /** The header's format: a media header (IMAGE, VIDEO, DOCUMENT) needs `headerMediaUploadId`. */
  headerFormat: z.string().nullable(),
  syncedAt: z.iso.datetime(),
});
export type TemplateInfo = z.infer<typeof TemplateInfo>;

type TemplateRow = typeof inboxTemplateTable.$inferSelect;

function component(components: Record<string, unknown>[], type: string) {
  return components.find((c) => String(c.type).toUpperCase() === type);
}

/** The highest `{{n}}` in the body text (Meta numbers them 1..n). */
export function bodyVariableCount(components: Record<string, unknown>[]): number {
  const text = component(components, "BODY")?.text;
  if (typeof text !== "string") return 0;
  return Math.max(0, ...[...text.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => Number(m[1])));
}

/** The body as the customer reads it, `{{n}}` filled from `variables` (stored as the message's text for the thread). */
export function renderBody(components: Record<string, unknown>[], variables: string[]): string | null {
  const text = component(components, "BODY")?.text;
  if (typeof text !== "string") return null;
  return text.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => variables[Number(n) - 1] ?? whole);
}

export function headerFormat(components: Record<string, unknown>[]): string | null {
  const header = component(components, "HEADER");
  return typeof header?.format === "string" ? header.format.toUpperCase() : null;
}

const toInfo = (t: TemplateRow): TemplateInfo => ({
  id: t.id,
  channelId: t.channelId,
  name: t.name,
  language: t.language,
  category: t.category,
  status: t.status,
  components: t.components,
  bodyVariables: bodyVariableCount(t.components),
  headerFormat: headerFormat(t.components),
  syncedAt: t.syncedAt.toISOString(),
});

async function whatsappChannel(tx: Tx, channelId: string) {
  const [channel] = await tx.select().from(inboxChannelTable).where(eq(inboxChannelTable.id, channelId));
  if (!channel || channel.deletedAt) throw new AppError("not_found", "No such channel");
  if (channel.kind !== "whatsapp") {
    throw new AppError("validation", "Only WhatsApp channels have message templates", [
      { path: "id", message: "not a WhatsApp channel" },
    ]);
  }
  return channel;
}

/** The channel's templates for the composer's picker, approved first, by name and language. */
export const list = fn(id(), async (channelId): Promise<TemplateInfo[]> => {
  requirePermission("crm:inbox:read");
  return useTransaction(async (tx) => {
    await whatsappChannel(tx, channelId);
    const rows = await tx
      .select()
      .from(inboxTemplateTable)
      .where(eq(inboxTemplateTable.channelId, channelId))
      .orderBy(
        sql`${inboxTemplateTable.status} <> 'APPROVED'`,
        asc(inboxTemplateTable.name),
        asc(inboxTemplateTable.language),
      );
    return rows.map(toInfo);
  });
});

/**
 * The template a reply names, checked before it is queued: approved, and given the body's variables
 * and the header's media. Refusals are 400s naming the field to fix.
 */
export async function requireSendable(
  tx: Tx,
  channelId: string,
  input: { name: string; language: string; variables: string[]; headerMediaUploadId?: string },
) {
  const [row] = await tx
    .select()
    .from(inboxTemplateTable)
    .where(
      and(
        eq(inboxTemplateTable.channelId, channelId),
        eq(inboxTemplateTable.name, input.name),
        eq(inboxTemplateTable.language, input.language),
      ),
    );
  if (row?.status !== "APPROVED") {
    throw new AppError(
      "validation",
      `Template ${input.name} (${input.language}) is not an approved template of this channel; pick one from the list or sync the templates`,
      [{ path: "template.name", message: "not an approved template of this channel" }],
    );
  }
  const expected = bodyVariableCount(row.components);
  if (input.variables.length !== expected) {
    throw new AppError(
      "validation",
      `Template ${input.name} takes ${expected} variable(s); ${input.variables.length} given`,
      [{ path: "template.variables", message: `must hold exactly ${expected} value(s)` }],
    );
  }
  const format = headerFormat(row.components);
  const mediaHeader = format === "IMAGE" || format === "VIDEO" || format === "DOCUMENT";
  if (mediaHeader !== (input.headerMediaUploadId !== undefined)) {
    throw new AppError(
      "validation",
      mediaHeader
        ? `Template ${input.name} has a ${format?.toLowerCase()} header: upload one and send its headerMediaUploadId`
        : `Template ${input.name} has no media header: leave headerMediaUploadId out`,
      [{ path: "template.headerMediaUploadId", message: mediaHeader ? "required" : "not expected" }],
    );
  }
  return row;
}

interface GraphTemplate {
  id?: string;
  name: string;
  language: string;
  status: string;
  category?: string;
  components?: Record<string, unknown>[];
}
interface GraphPage {
  data?: GraphTemplate[];
  paging?: { cursors?: { after?: string }; next?: string };
}

const MAX_PAGES = 50;

/** JSON with object keys sorted: jsonb gives keys back in its own order, so plain stringify would see changes. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** What a sync changed: Meta's count, and how many were new, changed (status, category or text) or gone. */
export interface SyncResult {
  synced: number;
  created: number;
  changed: number;
  removed: number;
  items: TemplateInfo[];
}

/**
 * Mirrors the WhatsApp Business Account's templates: GET /{waba-id}/message_templates, every page
 * (`paging.cursors.after`). Templates Meta no longer lists are kept as `DELETED` so old messages still
 * name them. Provider errors answer 503 with Meta's message.
 */
export const sync = fn(id(), async (channelId): Promise<SyncResult> => {
  requirePermission("crm:inbox:settings:write");
  const channel = await useTransaction((tx) => whatsappChannel(tx, channelId));
  if (!channel.businessAccountId) {
    throw new AppError(
      "validation",
      "This channel has no WhatsApp Business Account id: set it in the channel settings first",
      [{ path: "businessAccountId", message: "required to sync templates" }],
    );
  }
  const [{ graphFetch, graphToken, graphUrl }, { SendError }] = await Promise.all([
    import("./providers/graph"),
    import("./providers/port"),
  ]);
  const seen: GraphTemplate[] = [];
  try {
    const token = await graphToken(channel);
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query: Record<string, string> = { fields: "id,name,language,status,category,components", limit: "100" };
      if (after) query.after = after;
      const answer = await graphFetch<GraphPage>(
        "GET",
        graphUrl(`${channel.businessAccountId}/message_templates`, query),
        token,
      );
      seen.push(...(answer.data ?? []));
      after = answer.paging?.cursors?.after;
      if (!answer.paging?.next || !after) break;
    }
  } catch (error) {
    if (error instanceof SendError) {
      throw new AppError("unavailable", `WhatsApp did not list the templates: ${error.message}`, [], { cause: error });
    }
    throw error;
  }
  const valid = seen.filter(
    (t) => typeof t.name === "string" && typeof t.language === "string" && typeof t.status === "string",
  );
  return createTransaction(async (tx) => {
    const now = new Date();
    const key = (name: string, language: string) => `${name}\u001f${language}`;
    const before = new Map(
      (await tx.select().from(inboxTemplateTable).where(eq(inboxTemplateTable.channelId, channelId))).map((r) => [
        key(r.name, r.language),
        r,
      ]),
    );
    let created = 0;
    let changed = 0;
    for (const t of valid) {
      const values = {
        channelId,
        name: t.name,
        language: t.language,
        category: t.category ?? "UTILITY",
        status: t.status.toUpperCase(),
        externalId: t.id ?? null,
        components: Array.isArray(t.components) ? t.components : [],
        syncedAt: now,
      };
      const old = before.get(key(t.name, t.language));
      if (!old) created++;
      else if (
        old.status !== values.status ||
        old.category !== values.category ||
        canonical(old.components) !== canonical(values.components)
      ) {
        changed++;
      }
      await tx
        .insert(inboxTemplateTable)
        .values(values)
        .onConflictDoUpdate({
          target: [inboxTemplateTable.channelId, inboxTemplateTable.name, inboxTemplateTable.language],
          set: { ...values, updatedAt: now },
        });
    }
    const keep = valid.map((t) => key(t.name, t.language));
    const kept = new Set(keep);
    const removed = [...before.entries()].filter(([k, r]) => r.status !== "DELETED" && !kept.has(k)).length;
    await tx
      .update(inboxTemplateTable)
      .set({ status: "DELETED", syncedAt: now, updatedAt: now })
      .where(
        and(
          eq(inboxTemplateTable.channelId, channelId),
          keep.length
            ? notInArray(sql`${inboxTemplateTable.name} || chr(31) || ${inboxTemplateTable.language}`, keep)
            : sql`true`,
        ),
      );
    await Audit.record({
      action: "inbox.templates_synced",
      entityType: "inbox_channel",
      entityId: channelId,
      changes: {
        templates: { to: valid.length },
        created: { to: created },
        changed: { to: changed },
        removed: { to: removed },
      },
    });
    const rows = await tx
      .select()
      .from(inboxTemplateTable)
      .where(eq(inboxTemplateTable.channelId, channelId))
      .orderBy(asc(inboxTemplateTable.name), asc(inboxTemplateTable.language));
    return { synced: valid.length, created, changed, removed, items: rows.map(toInfo) };
  });
});
