import { randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission, scopes } from "../access";
import * as Audit from "../audit";
import { assertActor, useActor } from "../platform/context";
import { createTransaction, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, instant, text } from "../platform/input";
import { apiKeyTable } from "./auth.sql";
import { hashSecret, KEY_PREFIX } from "./credentials";

export const Info = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("The visible part of the key (`dmk_<prefix>_…`), to recognise it"),
  scopes: z.array(z.string()),
  status: z.enum(["active", "expired", "revoked"]),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type Info = z.infer<typeof Info>;

type Row = typeof apiKeyTable.$inferSelect;
const iso = (d: Date | null) => d?.toISOString() ?? null;
const toInfo = (row: Row, now = new Date()): Info => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  status: row.revokedAt ? "revoked" : row.expiresAt && row.expiresAt <= now ? "expired" : "active",
  createdAt: row.createdAt.toISOString(),
  expiresAt: iso(row.expiresAt),
  lastUsedAt: iso(row.lastUsedAt),
  revokedAt: iso(row.revokedAt),
});

/** Keys are managed by administrators signed in as themselves; a key never mints or revokes keys. */
function assertAdmin() {
  if (useActor().type === "apiKey") throw new AppError("forbidden", "API keys cannot manage API keys");
  requirePermission("auth:manage");
  return assertActor("user");
}

/** Creates a key. The returned `key` is the only time the secret exists outside the caller: store it now. */
export const create = fn(
  z.object({
    name: text(100),
    scopes: z
      .array(z.enum(scopes))
      .min(1, "choose at least one scope")
      .max(scopes.length)
      .transform((s) => [...new Set(s)]),
    expiresAt: instant()
      .refine((d) => d > new Date(), "must be in the future")
      .optional()
      .describe("When the key stops working (ISO 8601); omitted, it works until revoked"),
  }),
  async (input): Promise<{ key: string; apiKey: Info }> => {
    const actor = assertAdmin();
    const prefix = randomBytes(4).toString("hex");
    const secret = randomBytes(32).toString("base64url");
    return createTransaction(async (tx) => {
      const [row] = await tx
        .insert(apiKeyTable)
        .values({
          name: input.name,
          prefix,
          secretHash: hashSecret(secret).toString("hex"),
          scopes: input.scopes,
          createdBy: actor.properties.userId,
          expiresAt: input.expiresAt ?? null,
        })
        .onConflictDoNothing({ target: apiKeyTable.prefix })
        .returning();
      // Two keys drawing the same 32-bit prefix is rare; the caller simply tries again.
      if (!row) throw new AppError("conflict", "Could not allocate a key prefix; try again");
      const apiKey = toInfo(row);
      await Audit.record({
        action: "api_key.created",
        entityType: "api_key",
        entityId: row.id,
        changes: Audit.diff(null, { name: row.name, prefix: row.prefix, scopes: row.scopes, expiresAt: row.expiresAt }),
      });
      return { key: `${KEY_PREFIX}${prefix}_${secret}`, apiKey };
    });
  },
);

/** Every key, newest first: metadata only, never the secret or its hash. */
export async function list(): Promise<Info[]> {
  assertAdmin();
  const rows = await useTransaction((tx) => tx.select().from(apiKeyTable).orderBy(desc(apiKeyTable.createdAt)));
  const now = new Date();
  return rows.map((row) => toInfo(row, now));
}

/** Revokes a key at once. Revoking a revoked key changes nothing (and writes no second audit row). */
export const revoke = fn(id(), async (id): Promise<Info> => {
  assertAdmin();
  return createTransaction(async (tx) => {
    const [row] = await tx.select().from(apiKeyTable).where(eq(apiKeyTable.id, id)).for("update");
    if (!row) throw new AppError("not_found", `API key ${id} does not exist`);
    if (row.revokedAt) return toInfo(row);
    const [revoked] = await tx
      .update(apiKeyTable)
      .set({ revokedAt: new Date() })
      .where(eq(apiKeyTable.id, id))
      .returning();
    await Audit.record({
      action: "api_key.revoked",
      entityType: "api_key",
      entityId: id,
      changes: { revokedAt: { to: revoked?.revokedAt?.toISOString() } },
    });
    return toInfo(revoked ?? row);
  });
});

export { type Identity, KEY_PREFIX, verifyApiKey as verify } from "./credentials";
