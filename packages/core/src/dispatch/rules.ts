import { and, asc, eq, inArray } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { id, int, text } from "../platform/input";
import { live } from "../platform/soft-delete";
import { workOrderPriorities, type workOrderTable, workOrderTypes } from "../workorder/workorder.sql";
import { dispatchRuleTable, skillTable } from "./dispatch.sql";

export const RuleInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  workType: z.enum(workOrderTypes).nullable(),
  priority: z.enum(workOrderPriorities).nullable(),
  region: z.string().nullable(),
  skillIds: z.array(z.uuid()),
  autoAssign: z.boolean(),
  position: z.number().int(),
  enabled: z.boolean(),
});
export type RuleInfo = z.infer<typeof RuleInfo>;
type Row = typeof dispatchRuleTable.$inferSelect;
const toInfo = (r: Row): RuleInfo => ({
  id: r.id,
  name: r.name,
  workType: r.workType,
  priority: r.priority,
  region: r.region,
  skillIds: r.skillIds,
  autoAssign: r.autoAssign,
  position: r.position,
  enabled: r.enabled,
});

export async function loadRules(tx: Tx): Promise<RuleInfo[]> {
  const rows = await tx
    .select()
    .from(dispatchRuleTable)
    .orderBy(asc(dispatchRuleTable.position), asc(dispatchRuleTable.id));
  return rows.map(toInfo);
}

/** The first enabled rule (by position) whose every set criterion matches the job; null criteria match all. */
export function matchRule(
  rules: RuleInfo[],
  job: Pick<typeof workOrderTable.$inferSelect, "workType" | "priority" | "region">,
): RuleInfo | undefined {
  return rules.find(
    (r) =>
      r.enabled &&
      (!r.workType || r.workType === job.workType) &&
      (!r.priority || r.priority === job.priority) &&
      (!r.region || r.region.toLowerCase() === job.region?.toLowerCase()),
  );
}

export const list = fn(z.object({}).default({}), async (): Promise<RuleInfo[]> => {
  requirePermission("operations:technician:read");
  return useTransaction(loadRules);
});

const Fields = z.object({
  name: text(100),
  workType: z.enum(workOrderTypes).nullish(),
  priority: z.enum(workOrderPriorities).nullish(),
  region: text(100).nullish(),
  skillIds: z.array(id()).max(20).optional(),
  autoAssign: z.boolean().optional(),
  position: int(0, 10_000).optional(),
  enabled: z.boolean().optional(),
});

async function assertSkills(tx: Tx, ids: string[] | undefined) {
  if (!ids?.length) return;
  const known = await tx
    .select({ id: skillTable.id })
    .from(skillTable)
    .where(and(inArray(skillTable.id, ids), live(skillTable)));
  if (known.length !== new Set(ids).size) {
    throw new AppError("validation", "skillIds: names a skill that is not in the catalogue", [
      { path: "skillIds", message: "names a skill that does not exist" },
    ]);
  }
}

const audited = ["name", "workType", "priority", "region", "skillIds", "autoAssign", "position", "enabled"] as const;

/** Adds a dispatch rule (operations:technician:write). */
export const create = fn(Fields, async (input): Promise<RuleInfo> => {
  requirePermission("operations:technician:write");
  return createTransaction(async (tx) => {
    await assertSkills(tx, input.skillIds);
    const [row] = await tx.insert(dispatchRuleTable).values(input).returning();
    const rule = row as Row;
    await Audit.record({
      action: "dispatch.rule_saved",
      entityType: "dispatch_rule",
      entityId: rule.id,
      changes: Audit.diff(null, rule, [...audited]),
    });
    return toInfo(rule);
  });
});

export const update = fn(Fields.partial().extend({ id: id() }), async ({ id, ...changes }): Promise<RuleInfo> => {
  requirePermission("operations:technician:write");
  return createTransaction(async (tx) => {
    const [current] = await tx.select().from(dispatchRuleTable).where(eq(dispatchRuleTable.id, id)).for("update");
    if (!current) throw new AppError("not_found", `Dispatch rule ${id} does not exist`);
    await assertSkills(tx, changes.skillIds);
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const [row] = Object.keys(set).length
      ? await tx.update(dispatchRuleTable).set(set).where(eq(dispatchRuleTable.id, id)).returning()
      : [current];
    const rule = row ?? current;
    const diff = Audit.diff(current, rule, [...audited]);
    if (Object.keys(diff).length)
      await Audit.record({ action: "dispatch.rule_saved", entityType: "dispatch_rule", entityId: id, changes: diff });
    return toInfo(rule);
  });
});

export const remove = fn(id(), async (id): Promise<void> => {
  requirePermission("operations:technician:write");
  await createTransaction(async (tx) => {
    const [row] = await tx.delete(dispatchRuleTable).where(eq(dispatchRuleTable.id, id)).returning();
    if (!row) throw new AppError("not_found", `Dispatch rule ${id} does not exist`);
    await Audit.record({
      action: "dispatch.rule_removed",
      entityType: "dispatch_rule",
      entityId: id,
      changes: { name: { from: row.name } },
    });
  });
});
