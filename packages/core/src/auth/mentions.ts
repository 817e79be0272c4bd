import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Transaction } from "../platform/db";
import { userTable } from "./auth.sql";

/** `@ada@isp.example` in a body; trailing punctuation is not part of the address. */
const MENTION = /(?:^|[\s(])@([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;

export function mentionedEmails(body: string): string[] {
  const emails = [...body.matchAll(MENTION)].map((m) => (m[1] as string).replace(/\.+$/, "").toLowerCase());
  return [...new Set(emails)];
}

/**
 * The active staff users a body mentions (ticket comments, inbox notes); unknown addresses are ignored
 * (they may be customers' emails).
 */
export async function staffMentions(tx: Transaction, body: string): Promise<string[]> {
  const emails = mentionedEmails(body);
  if (emails.length === 0) return [];
  const rows = await tx
    .select({ id: userTable.id })
    .from(userTable)
    .where(and(inArray(userTable.email, emails), eq(userTable.portal, "staff"), isNull(userTable.deactivatedAt)));
  return rows.map((r) => r.id);
}
