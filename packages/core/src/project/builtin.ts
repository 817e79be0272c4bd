import { and, eq } from "drizzle-orm";
import type { Transaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { live } from "../platform/soft-delete";
import { slaCalendarTable } from "../sla/sla.sql";
import { projectSlaPolicyTable } from "./clock.sql";
import { projectTemplateDependencyTable, projectTemplateTable, projectTemplateTaskTable } from "./project.sql";
import type { DependencyType, ProjectType } from "./values";

interface BuiltinTask {
  key: string;
  title: string;
  days: number;
  effort: number;
  stage?: boolean;
  description?: string;
}
interface BuiltinTemplate {
  name: string;
  description: string;
  tasks: BuiltinTask[];
  /** [predecessor key, successor key, type, lag days]. */
  deps: [string, string, DependencyType, number][];
  /** SLA targets in business minutes on FIELD_CALENDAR (8 h a working day): the project's and per task key. */
  sla?: { project: number; tasks: Record<string, number>; warnAtPercent: number };
}

const WORKING_DAY = 8 * 60;

const chain = (keys: string[]): [string, string, DependencyType, number][] =>
  keys.slice(1).map((k, i) => [keys[i] as string, k, "fs", 0]);

/**
 * The templates every install starts with (v1's six project types). Fibre installation carries v1's
 * six customer-visible stages plus two internal tasks, and uses all four dependency types.
 */
export const builtinTemplates: Record<ProjectType, BuiltinTemplate> = {
  fiber_optics_installation: {
    name: "Fibre installation",
    description: "A new fibre-to-the-home connection, from plan to activation.",
    tasks: [
      { key: "plan", title: "Project plan", days: 1, effort: 4, stage: true },
      { key: "survey", title: "Project survey", days: 2, effort: 8, stage: true },
      { key: "approval", title: "Survey approval & PO issuance", days: 2, effort: 2, stage: true },
      { key: "materials", title: "Reserve materials", days: 2, effort: 2 },
      { key: "drop", title: "Drop cable installation", days: 3, effort: 16, stage: true },
      { key: "last_mile", title: "Last-mile installation", days: 3, effort: 16, stage: true },
      { key: "activation", title: "Power, splicing & activation", days: 2, effort: 8, stage: true },
      { key: "handover", title: "Customer handover", days: 1, effort: 1 },
    ],
    deps: [
      ["plan", "survey", "fs", 0],
      ["survey", "approval", "fs", 0],
      // Materials are reserved once approval is under way, a day after it starts.
      ["approval", "materials", "ss", 1],
      // The PO takes a day to reach the contractor.
      ["approval", "drop", "fs", 1],
      ["materials", "drop", "fs", 0],
      ["drop", "last_mile", "ss", 1],
      ["last_mile", "activation", "fs", 0],
      ["drop", "activation", "ff", 1],
      // Handover cannot finish before activation has started.
      ["activation", "handover", "sf", 1],
    ],
    // v1's "Fiber Project Task SLA": each stage its planned days plus one, the project 12 working days.
    sla: {
      project: 12 * WORKING_DAY,
      tasks: {
        plan: 1 * WORKING_DAY,
        survey: 2 * WORKING_DAY,
        approval: 2 * WORKING_DAY,
        drop: 3 * WORKING_DAY,
        last_mile: 3 * WORKING_DAY,
        activation: 2 * WORKING_DAY,
      },
      warnAtPercent: 75,
    },
  },
  fiber_optics_relocation: {
    name: "Fibre relocation",
    description: "Moving an existing fibre connection to a new route or address.",
    tasks: [
      { key: "survey", title: "Route survey", days: 2, effort: 6, stage: true },
      { key: "approval", title: "Approval & PO issuance", days: 2, effort: 2, stage: true },
      { key: "build", title: "New route build", days: 4, effort: 24, stage: true },
      { key: "cutover", title: "Splicing & cutover", days: 1, effort: 6, stage: true },
      { key: "recover", title: "Recover old drop", days: 2, effort: 6 },
    ],
    deps: [...chain(["survey", "approval", "build", "cutover"]), ["cutover", "recover", "ss", 0]],
  },
  air_fiber_installation: {
    name: "Air fibre installation",
    description: "A fixed-wireless installation.",
    tasks: [
      { key: "survey", title: "Line-of-sight survey", days: 1, effort: 2, stage: true },
      { key: "mount", title: "Mount & align radio", days: 1, effort: 4, stage: true },
      { key: "activation", title: "Activation & speed test", days: 1, effort: 1, stage: true },
    ],
    deps: chain(["survey", "mount", "activation"]),
  },
  air_fiber_relocation: {
    name: "Air fibre relocation",
    description: "Moving a fixed-wireless installation.",
    tasks: [
      { key: "survey", title: "New site survey", days: 1, effort: 2, stage: true },
      { key: "relocate", title: "Relocate & align radio", days: 1, effort: 4, stage: true },
      { key: "activation", title: "Re-activation & speed test", days: 1, effort: 1, stage: true },
    ],
    deps: chain(["survey", "relocate", "activation"]),
  },
  cable_rerun: {
    name: "Cable rerun",
    description: "Replacing a damaged drop or indoor cable.",
    tasks: [
      { key: "assess", title: "Assess the fault", days: 1, effort: 2, stage: true },
      { key: "rerun", title: "Rerun the cable", days: 2, effort: 8, stage: true },
      { key: "test", title: "Test & close", days: 1, effort: 1, stage: true },
    ],
    deps: chain(["assess", "rerun", "test"]),
  },
  cross_connect: {
    name: "Cross connect",
    description: "A patch between two customers or racks in a facility.",
    tasks: [
      { key: "request", title: "Confirm ports & LOA", days: 1, effort: 1, stage: true },
      { key: "patch", title: "Patch the cross connect", days: 1, effort: 2, stage: true },
      { key: "test", title: "Light test & handover", days: 1, effort: 1, stage: true },
    ],
    deps: chain(["request", "patch", "test"]),
  },
};

/**
 * The live template of `type`, created from the builtin one when the install has none, so a fresh
 * install (without the demo) can make projects. A concurrent first use inserts once (unique index).
 */
export async function templateFor(
  tx: Transaction,
  type: ProjectType,
): Promise<typeof projectTemplateTable.$inferSelect> {
  const find = async () =>
    (
      await tx
        .select()
        .from(projectTemplateTable)
        .where(and(eq(projectTemplateTable.projectType, type), live(projectTemplateTable)))
    )[0];
  const found = await find();
  if (found) return found;
  const def = builtinTemplates[type];
  const [created] = await tx
    .insert(projectTemplateTable)
    .values({ projectType: type, name: def.name, description: def.description, builtin: true })
    .onConflictDoNothing()
    .returning();
  if (!created) {
    const other = await find();
    if (!other) throw new AppError("internal", `The ${type} template could not be created`);
    return other;
  }
  const tasks = await tx
    .insert(projectTemplateTaskTable)
    .values(
      def.tasks.map((t, i) => ({
        templateId: created.id,
        key: t.key,
        title: t.title,
        description: t.description ?? null,
        isStage: t.stage ?? false,
        sortOrder: (i + 1) * 10,
        durationDays: t.days,
        effortHours: t.effort,
      })),
    )
    .returning({ id: projectTemplateTaskTable.id, key: projectTemplateTaskTable.key });
  const idOf = new Map(tasks.map((t) => [t.key, t.id]));
  if (def.deps.length > 0) {
    await tx.insert(projectTemplateDependencyTable).values(
      def.deps.map(([from, to, type, lag]) => ({
        templateId: created.id,
        predecessorId: idOf.get(from) as string,
        successorId: idOf.get(to) as string,
        type,
        lagDays: lag,
      })),
    );
  }
  if (def.sla) await seedClockPolicies(tx, type, def.sla);
  return created;
}

/** The calendar the seeded policies count on: Lagos field crews' weekday hours (8 h a day). */
export const FIELD_CALENDAR = "Field working hours";

/** Seeds a builtin template's SLA policies with the template, so an admin's later edits are never overwritten. */
async function seedClockPolicies(
  tx: Transaction,
  projectType: ProjectType,
  targets: NonNullable<BuiltinTemplate["sla"]>,
) {
  const hours = [{ from: "08:00", to: "16:00" }];
  await tx
    .insert(slaCalendarTable)
    .values({
      name: FIELD_CALENDAR,
      definition: {
        timeZone: "Africa/Lagos",
        alwaysOpen: false,
        weekly: { "1": hours, "2": hours, "3": hours, "4": hours, "5": hours },
        holidays: [],
      },
    })
    .onConflictDoNothing();
  const [calendar] = await tx
    .select({ id: slaCalendarTable.id })
    .from(slaCalendarTable)
    .where(eq(slaCalendarTable.name, FIELD_CALENDAR));
  const rows = [
    { taskKey: null, targetMinutes: targets.project },
    ...Object.entries(targets.tasks).map(([taskKey, targetMinutes]) => ({ taskKey, targetMinutes })),
  ];
  await tx
    .insert(projectSlaPolicyTable)
    .values(
      rows.map((r) => ({ ...r, projectType, warnAtPercent: targets.warnAtPercent, calendarId: calendar?.id ?? null })),
    )
    .onConflictDoNothing();
}

/** Every type's template, creating the missing builtin ones. */
export async function ensureTemplates(tx: Transaction): Promise<void> {
  for (const type of Object.keys(builtinTemplates) as ProjectType[]) await templateFor(tx, type);
}
