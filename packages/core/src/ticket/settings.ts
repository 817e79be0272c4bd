import { eq } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { fn } from "../platform/fn";
import { int } from "../platform/input";
import { markOpenDue } from "../sla/due";
import { supportSettingTable, ticketStatuses } from "./ticket.sql";

export const SettingsInfo = z.object({
  /** Statuses during which SLA clocks do not count. */
  pauseStatuses: z.array(z.enum(ticketStatuses)),
  /** Hours a resolved ticket waits for the customer before it closes itself. */
  confirmationGraceHours: z.number().int(),
});
export type SettingsInfo = z.infer<typeof SettingsInfo>;

const defaults: SettingsInfo = {
  pauseStatuses: ["pending", "waiting_on_customer", "on_hold"],
  confirmationGraceHours: 24,
};

/** The support settings in the caller's transaction (the migration seeds the row; defaults if it is gone). */
export async function readSettings(tx: Tx): Promise<SettingsInfo> {
  const [row] = await tx.select().from(supportSettingTable).where(eq(supportSettingTable.id, "default"));
  if (!row) return defaults;
  return SettingsInfo.parse({ pauseStatuses: row.pauseStatuses, confirmationGraceHours: row.confirmationGraceHours });
}

export const settings = fn(z.object({}).default({}), async (): Promise<SettingsInfo> => {
  requirePermission("support:ticket:read");
  return useTransaction(readSettings);
});

/** Changes the support settings; a changed pause list re-checks every open ticket's SLA clocks. */
export const saveSettings = fn(
  z.object({
    pauseStatuses: z
      .array(z.enum(ticketStatuses).exclude(["closed", "canceled", "merged", "new", "open"]))
      .max(ticketStatuses.length)
      .optional(),
    confirmationGraceHours: int(1, 24 * 30).optional(),
  }),
  async (input): Promise<SettingsInfo> => {
    requirePermission("system:settings:write");
    return createTransaction(async (tx) => {
      const before = await readSettings(tx);
      const after: SettingsInfo = {
        pauseStatuses: input.pauseStatuses ? [...new Set(input.pauseStatuses)] : before.pauseStatuses,
        confirmationGraceHours: input.confirmationGraceHours ?? before.confirmationGraceHours,
      };
      await tx
        .insert(supportSettingTable)
        .values({ id: "default", ...after })
        .onConflictDoUpdate({ target: supportSettingTable.id, set: after });
      const changes = Audit.diff(before, after);
      if (changes.pauseStatuses) await markOpenDue(tx);
      if (Object.keys(changes).length > 0) {
        await Audit.record({
          action: "support.settings.saved",
          entityType: "support_setting",
          entityId: "default",
          changes,
        });
      }
      return after;
    });
  },
);
