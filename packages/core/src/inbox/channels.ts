import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { isUniqueViolation } from "../person/shared";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { createId } from "../platform/ids";
import { email, id, text } from "../platform/input";
import { publicUrl } from "../platform/public-url";
import { channelSecretNames, useSecretStore } from "../platform/secret-store";
import { live } from "../platform/soft-delete";
import { teamTable } from "../team/team.sql";
import { type InboxChannelKind, inboxChannelKinds, inboxChannelTable } from "./inbox.sql";
import { Settings as WidgetSettings } from "./widget";

/**
 * Settings › Inbox › Channels: the numbers, pages, accounts, mailboxes and widgets the inbox answers
 * on. A provider token goes to the secret store (the row keeps only its name); the verify token Meta
 * echoes is generated here, shown once, and kept as its SHA-256 only.
 */

const metaKinds = ["whatsapp", "messenger", "instagram"] as const;
const isMeta = (kind: InboxChannelKind): kind is (typeof metaKinds)[number] =>
  (metaKinds as readonly string[]).includes(kind);

/** What each kind calls its account id, for messages that name it. */
const accountLabel: Record<InboxChannelKind, string> = {
  whatsapp: "WhatsApp phone number id",
  messenger: "Facebook page id",
  instagram: "Instagram account id",
  email: "email address",
  widget: "widget id",
};

export const Info = z.object({
  id: z.uuid(),
  kind: z.enum(inboxChannelKinds),
  name: z.string(),
  externalAccountId: z.string(),
  businessAccountId: z.string().nullable(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  status: z.enum(["active", "disabled"]),
  /** Whether a provider token is stored (its value is never returned). */
  hasAccessToken: z.boolean(),
  /** Where the Meta app sends its webhooks (and its GET verification); null for email and widgets. */
  webhookUrl: z.string().nullable(),
  /** Whether resolving a conversation sends the customer the satisfaction survey (on unless turned off). */
  csat: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type Info = z.infer<typeof Info>;

export const Created = Info.extend({
  /** The verify token to paste into the Meta app, shown this once; null for email and widgets. */
  verifyToken: z.string().nullable(),
});
export type Created = z.infer<typeof Created>;

type Row = typeof inboxChannelTable.$inferSelect;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The webhook provider of a Meta kind: WhatsApp's app, or the Messenger/Instagram app. */
const providerOf = (kind: InboxChannelKind) => (kind === "whatsapp" ? "whatsapp" : "meta");

/** The callback URL a Meta app calls for this channel (POST deliveries and the GET verification). */
export function webhookUrl(row: { id: string; kind: InboxChannelKind }): string | null {
  if (!isMeta(row.kind)) return null;
  return `${publicUrl().replace(/\/+$/, "")}/webhooks/${providerOf(row.kind)}/${row.id}`;
}

/** What the webhook ingest reads (it has no database): the provider and the verify token's SHA-256. */
const handshakeSecret = (kind: InboxChannelKind, verifyToken: string) => `${providerOf(kind)}:${sha256(verifyToken)}`;

const toInfo = (row: Row, teamName: string | null): Info => ({
  id: row.id,
  kind: row.kind,
  name: row.name,
  externalAccountId: row.externalAccountId,
  businessAccountId: row.businessAccountId,
  teamId: row.teamId,
  teamName,
  status: row.status,
  hasAccessToken: row.accessTokenSecret !== null,
  webhookUrl: webhookUrl(row),
  csat: row.settings.csat !== false,
  createdAt: row.createdAt.toISOString(),
});

async function withTeam(tx: Tx, row: Row): Promise<Info> {
  if (!row.teamId) return toInfo(row, null);
  const [team] = await tx.select({ name: teamTable.name }).from(teamTable).where(eq(teamTable.id, row.teamId));
  return toInfo(row, team?.name ?? null);
}

export const list = fn(z.object({}).default({}), async (): Promise<Info[]> => {
  requirePermission("crm:inbox:settings:read");
  return useTransaction(async (tx) => {
    const rows = await tx
      .select({ channel: inboxChannelTable, teamName: teamTable.name })
      .from(inboxChannelTable)
      .leftJoin(teamTable, eq(teamTable.id, inboxChannelTable.teamId))
      .where(live(inboxChannelTable))
      .orderBy(asc(inboxChannelTable.kind), asc(inboxChannelTable.name));
    return rows.map((r) => toInfo(r.channel, r.teamName));
  });
});

const digits = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{5,32}$/, `must be the ${what}: 5 to 32 digits, as Meta shows it`);
/** A provider token as Meta issues it: printable, no spaces. */
const token = () =>
  z
    .string()
    .trim()
    .min(20, "must be the access token Meta issued (at least 20 characters)")
    .max(2048, "must be at most 2048 characters")
    .regex(/^[\x21-\x7e]+$/, "must be the token as Meta shows it, without spaces");

export const CreateInput = z
  .object({
    kind: z.enum(inboxChannelKinds),
    name: text(100),
    /** WhatsApp phone number id, page id, Instagram account id or email address; generated for widgets. */
    externalAccountId: z.string().max(320).optional(),
    /** WhatsApp Business Account id (WhatsApp only). */
    businessAccountId: z.string().max(32).optional(),
    /** The provider's access token (WhatsApp, Messenger, Instagram); written to the secret store. */
    accessToken: z.string().max(2048).optional(),
    teamId: id().nullish(),
  })
  .superRefine((input, ctx) => {
    const check = (field: "externalAccountId" | "businessAccountId" | "accessToken", schema: z.ZodType) => {
      const result = schema.safeParse(input[field]);
      if (!result.success) {
        for (const issue of result.error.issues)
          ctx.addIssue({ code: "custom", path: [field], message: issue.message });
      }
    };
    const required = (what: string) => z.string({ error: `is required: the ${what}` });
    switch (input.kind) {
      case "whatsapp":
        check("externalAccountId", required("WhatsApp phone number id").pipe(digits("phone number id")));
        check(
          "businessAccountId",
          required("WhatsApp Business Account id").pipe(digits("WhatsApp Business Account id")),
        );
        check("accessToken", required("WhatsApp access token").pipe(token()));
        break;
      case "messenger":
        check("externalAccountId", required("Facebook page id").pipe(digits("page id")));
        check("accessToken", required("page access token").pipe(token()));
        break;
      case "instagram":
        check("externalAccountId", required("Instagram account id").pipe(digits("Instagram account id")));
        check("accessToken", required("Instagram access token").pipe(token()));
        break;
      case "email":
        check("externalAccountId", required("mailbox address").pipe(email()));
        break;
      case "widget":
        break;
    }
    if (!isMeta(input.kind) && input.accessToken !== undefined) {
      ctx.addIssue({ code: "custom", path: ["accessToken"], message: `is not used by ${input.kind} channels` });
    }
  });
export type CreateInput = z.input<typeof CreateInput>;

const newVerifyToken = () => `vt_${randomBytes(24).toString("base64url")}`;

/** 409 naming the channel that already has this account. */
async function assertFree(tx: Tx, kind: InboxChannelKind, externalAccountId: string, except?: string) {
  const [owner] = await tx
    .select({ id: inboxChannelTable.id, name: inboxChannelTable.name })
    .from(inboxChannelTable)
    .where(
      and(
        eq(inboxChannelTable.kind, kind),
        eq(inboxChannelTable.externalAccountId, externalAccountId),
        live(inboxChannelTable),
        ...(except ? [ne(inboxChannelTable.id, except)] : []),
      ),
    );
  if (owner) throw taken(kind, externalAccountId, owner);
}

const taken = (kind: InboxChannelKind, account: string, owner?: { id: string; name: string }) =>
  new AppError(
    "conflict",
    owner
      ? `The ${accountLabel[kind]} ${account} is already connected as channel “${owner.name}” (${owner.id})`
      : `The ${accountLabel[kind]} ${account} is already connected`,
    [{ path: "externalAccountId", message: owner ? `already connected as “${owner.name}”` : "already connected" }],
  );

async function assertTeam(tx: Tx, teamId: string | null | undefined) {
  if (!teamId) return;
  const [team] = await tx
    .select({ id: teamTable.id })
    .from(teamTable)
    .where(and(eq(teamTable.id, teamId), live(teamTable)));
  if (!team)
    throw new AppError("validation", `Team ${teamId} does not exist`, [{ path: "teamId", message: "no such team" }]);
}

/**
 * Connects a channel. The token is written to the secret store inside the transaction, so a refused
 * insert leaves no channel, and a failed write leaves no channel without its token.
 */
export const create = fn(CreateInput, async (input): Promise<Created> => {
  requirePermission("crm:inbox:settings:write");
  const channelId = createId();
  const names = channelSecretNames(channelId);
  // The checks above passed on these values; what is stored is their normal form.
  const given = (input.externalAccountId ?? "").trim();
  const externalAccountId =
    input.kind === "widget"
      ? `wgt_${randomBytes(12).toString("base64url")}`
      : input.kind === "email"
        ? given.toLowerCase()
        : given;
  const verifyToken = isMeta(input.kind) ? newVerifyToken() : null;
  try {
    return await createTransaction(async (tx) => {
      await assertFree(tx, input.kind, externalAccountId);
      await assertTeam(tx, input.teamId);
      const [row] = await tx
        .insert(inboxChannelTable)
        .values({
          id: channelId,
          kind: input.kind,
          name: input.name,
          externalAccountId,
          businessAccountId: input.kind === "whatsapp" ? (input.businessAccountId?.trim() ?? null) : null,
          teamId: input.teamId ?? null,
          accessTokenSecret: input.accessToken ? names.accessToken : null,
          verifyTokenHash: verifyToken ? sha256(verifyToken) : null,
          settings:
            input.kind === "widget" ? WidgetSettings.parse({ allowedOrigins: [new URL(publicUrl()).origin] }) : {},
        })
        .returning();
      if (!row) throw new AppError("conflict", "The channel could not be created; try again");
      await Audit.record({
        action: "inbox.channel_created",
        entityType: "inbox_channel",
        entityId: row.id,
        changes: Audit.diff(null, {
          kind: row.kind,
          name: row.name,
          externalAccountId: row.externalAccountId,
          teamId: row.teamId,
          accessToken: input.accessToken ? "set" : null,
        }),
      });
      const store = useSecretStore();
      if (input.accessToken) await store.put(names.accessToken, input.accessToken.trim());
      if (verifyToken) await store.put(names.verifyTokenHash, handshakeSecret(row.kind, verifyToken));
      return { ...(await withTeam(tx, row)), verifyToken };
    });
  } catch (error) {
    // Two admins connecting the same account at once: the unique index answers for the second.
    if (isUniqueViolation(error)) throw taken(input.kind, externalAccountId);
    throw error;
  }
});

export const UpdateInput = z.object({
  id: id(),
  name: text(100).optional(),
  teamId: id().nullish(),
  status: z.enum(["active", "disabled"]).optional(),
  /** A new provider token (replaces the stored one). */
  accessToken: token().optional(),
  /** Send the satisfaction survey after a conversation on this channel is resolved. */
  csat: z.boolean().optional(),
});

/** Renames, moves to a team, disables or enables a channel, or replaces its token. */
export const update = fn(UpdateInput, async ({ id: channelId, ...changes }): Promise<Info> => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx) => {
    const before = await liveChannel(tx, channelId);
    if (changes.accessToken !== undefined && !isMeta(before.kind)) {
      throw new AppError("validation", `${before.kind} channels have no access token`, [
        { path: "accessToken", message: `is not used by ${before.kind} channels` },
      ]);
    }
    await assertTeam(tx, changes.teamId);
    const names = channelSecretNames(channelId);
    const [row] = await tx
      .update(inboxChannelTable)
      .set({
        updatedAt: new Date(),
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.teamId !== undefined ? { teamId: changes.teamId } : {}),
        ...(changes.status !== undefined ? { status: changes.status } : {}),
        ...(changes.accessToken !== undefined ? { accessTokenSecret: names.accessToken } : {}),
        ...(changes.csat !== undefined
          ? { settings: sql`${inboxChannelTable.settings} || ${JSON.stringify({ csat: changes.csat })}::jsonb` }
          : {}),
      })
      .where(eq(inboxChannelTable.id, channelId))
      .returning();
    if (!row) throw new AppError("not_found", `Channel ${channelId} does not exist`);
    const changed = Audit.diff(before, row, ["name", "teamId", "status"]);
    if (changes.csat !== undefined && (before.settings.csat !== false) !== changes.csat) {
      changed.csat = { from: before.settings.csat !== false, to: changes.csat };
    }
    if (changes.accessToken !== undefined) changed.accessToken = { to: "replaced" };
    if (Object.keys(changed).length) {
      await Audit.record({
        action: "inbox.channel_updated",
        entityType: "inbox_channel",
        entityId: row.id,
        changes: changed,
      });
    }
    if (changes.accessToken !== undefined) await useSecretStore().put(names.accessToken, changes.accessToken);
    return withTeam(tx, row);
  });
});

/** A new verify token for a Meta channel, shown once; the old one stops verifying. */
export const rotateVerifyToken = fn(z.object({ id: id() }), async ({ id: channelId }): Promise<Created> => {
  requirePermission("crm:inbox:settings:write");
  return createTransaction(async (tx) => {
    const before = await liveChannel(tx, channelId);
    if (!isMeta(before.kind)) {
      throw new AppError("precondition_failed", `${before.kind} channels have no verify token`);
    }
    const verifyToken = newVerifyToken();
    const [row] = await tx
      .update(inboxChannelTable)
      .set({ verifyTokenHash: sha256(verifyToken), updatedAt: new Date() })
      .where(eq(inboxChannelTable.id, channelId))
      .returning();
    if (!row) throw new AppError("not_found", `Channel ${channelId} does not exist`);
    await Audit.record({
      action: "inbox.channel_updated",
      entityType: "inbox_channel",
      entityId: row.id,
      changes: { verifyToken: { to: "rotated" } },
    });
    await useSecretStore().put(channelSecretNames(channelId).verifyTokenHash, handshakeSecret(row.kind, verifyToken));
    return { ...(await withTeam(tx, row)), verifyToken };
  });
});

/**
 * Removes a channel (soft delete): its conversations stay readable, nothing new arrives on it, and
 * its account may be connected again as a new channel.
 */
export const remove = fn(z.object({ id: id() }), async ({ id: channelId }): Promise<void> => {
  requirePermission("crm:inbox:settings:write");
  await createTransaction(async (tx) => {
    const before = await liveChannel(tx, channelId);
    await tx
      .update(inboxChannelTable)
      .set({ deletedAt: new Date(), status: "disabled", verifyTokenHash: null, updatedAt: new Date() })
      .where(eq(inboxChannelTable.id, channelId));
    await Audit.record({
      action: "inbox.channel_removed",
      entityType: "inbox_channel",
      entityId: channelId,
      changes: { name: { from: before.name }, externalAccountId: { from: before.externalAccountId } },
    });
    // The handshake stops verifying at once; the token secret stays for messages still being sent.
    if (before.verifyTokenHash) await useSecretStore().put(channelSecretNames(channelId).verifyTokenHash, "");
  });
});

async function liveChannel(tx: Tx, channelId: string): Promise<Row> {
  const [row] = await tx
    .select()
    .from(inboxChannelTable)
    .where(and(eq(inboxChannelTable.id, channelId), live(inboxChannelTable)))
    .for("update");
  if (!row) throw new AppError("not_found", `Channel ${channelId} does not exist`);
  return row;
}
