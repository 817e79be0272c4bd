import { and, asc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import * as z from "zod";
import { requirePermission } from "../access";
import * as Audit from "../audit";
import { userTable } from "../auth/auth.sql";
import { createTransaction, type Tx, useTransaction } from "../platform/db";
import { AppError } from "../platform/errors";
import { fn } from "../platform/fn";
import { day, id, int, text } from "../platform/input";
import { live, liveRow, softRemove } from "../platform/soft-delete";
import * as Team from "../team";
import { teamTable } from "../team/team.sql";
import {
  availabilityBlockTable,
  availabilityKinds,
  skillTable,
  technicianProfileTable,
  technicianShiftTable,
  technicianSkillTable,
} from "./dispatch.sql";
import { assertZone, groupBy, localToInstant, nextDate, wallClock } from "./geo";

export const SkillInfo = z.object({ id: z.uuid(), name: z.string(), description: z.string().nullable() });
export type SkillInfo = z.infer<typeof SkillInfo>;

export const TechnicianSkill = z.object({
  skillId: z.uuid(),
  name: z.string(),
  proficiency: z.number().int(),
  isPrimary: z.boolean(),
});

export const TechnicianInfo = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  title: z.string().nullable(),
  region: z.string().nullable(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  timeZone: z.string(),
  homeLatitude: z.number().nullable(),
  homeLongitude: z.number().nullable(),
  maxJobsPerDay: z.number().int(),
  active: z.boolean(),
  locationSharing: z.boolean(),
  skills: z.array(TechnicianSkill),
});
export type TechnicianInfo = z.infer<typeof TechnicianInfo>;

/** A shift or availability block: instants, and the same read on the technician's wall clock. */
export const Span = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  localStart: z.string().describe("YYYY-MM-DDTHH:mm in the technician's time zone"),
  localEnd: z.string(),
});
export const BlockInfo = Span.extend({ kind: z.enum(availabilityKinds), reason: z.string().nullable() });
export type SpanInfo = z.infer<typeof Span>;
export type BlockInfo = z.infer<typeof BlockInfo>;

export const TechnicianDetail = TechnicianInfo.extend({ shifts: z.array(Span), blocks: z.array(BlockInfo) });
export type TechnicianDetail = z.infer<typeof TechnicianDetail>;

const local = (zone: string, at: Date) => {
  const { date, time } = wallClock(zone, at);
  return `${date}T${time}`;
};
export const toSpan = (zone: string, r: { id: string; startsAt: Date; endsAt: Date }): SpanInfo => ({
  id: r.id,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  localStart: local(zone, r.startsAt),
  localEnd: local(zone, r.endsAt),
});
export const toBlock = (zone: string, r: typeof availabilityBlockTable.$inferSelect): BlockInfo => ({
  ...toSpan(zone, r),
  kind: r.kind,
  reason: r.reason,
});

/** Profiles with names, teams and skills, in three queries whatever their number. */
export async function loadTechnicians(tx: Tx, userIds?: string[]): Promise<TechnicianInfo[]> {
  const rows = await tx
    .select({
      profile: technicianProfileTable,
      name: userTable.displayName,
      email: userTable.email,
      teamName: teamTable.name,
    })
    .from(technicianProfileTable)
    .innerJoin(userTable, eq(userTable.id, technicianProfileTable.userId))
    .leftJoin(teamTable, eq(teamTable.id, technicianProfileTable.teamId))
    .where(userIds ? inArray(technicianProfileTable.userId, userIds) : undefined)
    .orderBy(asc(userTable.displayName), asc(technicianProfileTable.userId));
  const ids = rows.map((r) => r.profile.userId);
  const skills = ids.length
    ? await tx
        .select({
          userId: technicianSkillTable.userId,
          skillId: technicianSkillTable.skillId,
          name: skillTable.name,
          proficiency: technicianSkillTable.proficiency,
          isPrimary: technicianSkillTable.isPrimary,
        })
        .from(technicianSkillTable)
        .innerJoin(skillTable, eq(skillTable.id, technicianSkillTable.skillId))
        .where(and(inArray(technicianSkillTable.userId, ids), live(skillTable)))
        .orderBy(sql`${technicianSkillTable.isPrimary} desc`, asc(skillTable.name))
    : [];
  const byUser = groupBy(skills, (s) => s.userId);
  return rows.map(({ profile: p, name, email, teamName }) => ({
    userId: p.userId,
    name,
    email,
    title: p.title,
    region: p.region,
    teamId: p.teamId,
    teamName,
    timeZone: p.timeZone,
    homeLatitude: p.homeLatitude,
    homeLongitude: p.homeLongitude,
    maxJobsPerDay: p.maxJobsPerDay,
    active: p.active,
    locationSharing: p.locationSharing,
    skills: (byUser.get(p.userId) ?? []).map(({ userId: _, ...s }) => s),
  }));
}

/** Every technician with skills and team (operations:technician:read). */
export const list = fn(
  z.object({ region: text(100).optional(), teamId: id().optional() }).default({}),
  async (filters): Promise<TechnicianInfo[]> => {
    requirePermission("operations:technician:read");
    const all = await useTransaction((tx) => loadTechnicians(tx));
    return all.filter(
      (t) =>
        (!filters.region || t.region?.toLowerCase() === filters.region.toLowerCase()) &&
        (!filters.teamId || t.teamId === filters.teamId),
    );
  },
);

export const Candidate = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  /** Holds the field_technician role (listed first): the usual choice. */
  fieldRole: z.boolean(),
});
export type Candidate = z.infer<typeof Candidate>;

/**
 * Active staff users who are not technicians yet, field technicians first: whom a dispatcher can make
 * a technician (operations:technician:write; they need not manage users to do it).
 */
export const candidates = fn(z.object({}).default({}), async (): Promise<Candidate[]> => {
  requirePermission("operations:technician:write");
  const u = userTable;
  const rows = await useTransaction((tx) =>
    tx
      .select({ userId: u.id, name: u.displayName, email: u.email, roles: u.roles })
      .from(u)
      .where(
        and(
          eq(u.portal, "staff"),
          sql`${u.deactivatedAt} is null`,
          sql`not exists (select 1 from ${technicianProfileTable} p where p.user_id = ${u.id})`,
        ),
      )
      .orderBy(sql`${u.roles} @> array['field_technician']::text[] desc`, asc(u.displayName))
      .limit(500),
  );
  return rows.map(({ roles, ...r }) => ({ ...r, fieldRole: roles.includes("field_technician") }));
});

/** A technician's profile with shifts and blocks from `from` (default today) for `days` days. */
export const get = fn(
  z.object({ userId: id(), from: day().optional(), days: int(1, 62).default(14) }),
  async ({ userId, from, days }): Promise<TechnicianDetail> => {
    requirePermission("operations:technician:read");
    return useTransaction(async (tx) => {
      const [tech] = await loadTechnicians(tx, [userId]);
      if (!tech) throw new AppError("not_found", `Technician ${userId} does not exist`);
      const startDate = from ?? wallClock(tech.timeZone, new Date()).date;
      const start = localToInstant(tech.timeZone, startDate, "00:00");
      const end = localToInstant(tech.timeZone, nextDate(startDate, days), "00:00");
      const [shifts, blocks] = await Promise.all([
        tx
          .select()
          .from(technicianShiftTable)
          .where(
            and(
              eq(technicianShiftTable.userId, userId),
              lt(technicianShiftTable.startsAt, end),
              gt(technicianShiftTable.endsAt, start),
            ),
          )
          .orderBy(asc(technicianShiftTable.startsAt)),
        tx
          .select()
          .from(availabilityBlockTable)
          .where(
            and(
              eq(availabilityBlockTable.userId, userId),
              lt(availabilityBlockTable.startsAt, end),
              gt(availabilityBlockTable.endsAt, start),
            ),
          )
          .orderBy(asc(availabilityBlockTable.startsAt)),
      ]);
      return {
        ...tech,
        shifts: shifts.map((s) => toSpan(tech.timeZone, s)),
        blocks: blocks.map((b) => toBlock(tech.timeZone, b)),
      };
    });
  },
);

const coordinate = (max: number) => z.number().min(-max).max(max);
const ProfileFields = z.object({
  title: text(100).nullish(),
  region: text(100).nullish(),
  teamId: id().nullish(),
  timeZone: text(64).optional(),
  homeLatitude: coordinate(90).nullish(),
  homeLongitude: coordinate(180).nullish(),
  maxJobsPerDay: int(1, 50).optional(),
  active: z.boolean().optional(),
});

/**
 * Makes a staff user a technician or changes their profile (operations:technician:write). Home base
 * latitude and longitude go together.
 */
export const save = fn(
  ProfileFields.extend({ userId: id() }),
  async ({ userId, ...input }): Promise<TechnicianInfo> => {
    requirePermission("operations:technician:write");
    if (input.timeZone) assertZone(input.timeZone);
    if (
      (input.homeLatitude === null) !== (input.homeLongitude === null) ||
      (input.homeLatitude === undefined) !== (input.homeLongitude === undefined)
    ) {
      throw new AppError("validation", "Invalid input: homeLatitude and homeLongitude are given together", [
        { path: "homeLongitude", message: "goes with homeLatitude" },
      ]);
    }
    return createTransaction(async (tx) => {
      const [user] = await tx
        .select({ portal: userTable.portal, deactivatedAt: userTable.deactivatedAt })
        .from(userTable)
        .where(eq(userTable.id, userId));
      if (!user) throw new AppError("not_found", `User ${userId} does not exist`);
      if (user.portal !== "staff") {
        throw new AppError("validation", "userId: technicians are staff users; a vendor's crew works its own jobs", [
          { path: "userId", message: "is not a staff user" },
        ]);
      }
      if (input.teamId) await Team.assertLive(tx, input.teamId);
      const [before] = await tx
        .select()
        .from(technicianProfileTable)
        .where(eq(technicianProfileTable.userId, userId))
        .for("update");
      const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      const [after] = before
        ? Object.keys(set).length
          ? await tx
              .update(technicianProfileTable)
              .set(set)
              .where(eq(technicianProfileTable.userId, userId))
              .returning()
          : [before]
        : await tx
            .insert(technicianProfileTable)
            .values({ userId, ...set })
            .returning();
      const fields = [
        "title",
        "region",
        "teamId",
        "timeZone",
        "homeLatitude",
        "homeLongitude",
        "maxJobsPerDay",
        "active",
      ] as const;
      const changes = Audit.diff(before ?? null, after as Record<string, unknown>, [...fields]);
      if (Object.keys(changes).length) {
        await Audit.record({
          action: "dispatch.technician_saved",
          entityType: "technician",
          entityId: userId,
          changes,
        });
      }
      const [info] = await loadTechnicians(tx, [userId]);
      return info as TechnicianInfo;
    });
  },
);

async function profileOf(tx: Tx, userId: string, lock = false) {
  const query = tx.select().from(technicianProfileTable).where(eq(technicianProfileTable.userId, userId));
  const [row] = await (lock ? query.for("update") : query);
  if (!row) throw new AppError("not_found", `Technician ${userId} does not exist; create their profile first`);
  return row;
}

/** Replaces a technician's skills (operations:technician:write): at most one primary. */
export const setSkills = fn(
  z.object({
    userId: id(),
    skills: z
      .array(z.object({ skillId: id(), proficiency: int(1, 5), isPrimary: z.boolean().default(false) }))
      .max(100)
      .refine((s) => s.filter((x) => x.isPrimary).length <= 1, "only one skill may be primary")
      .refine((s) => new Set(s.map((x) => x.skillId)).size === s.length, "lists a skill twice"),
  }),
  async ({ userId, skills }): Promise<TechnicianInfo> => {
    requirePermission("operations:technician:write");
    return createTransaction(async (tx) => {
      await profileOf(tx, userId, true);
      const ids = skills.map((s) => s.skillId);
      if (ids.length) {
        const known = await tx
          .select({ id: skillTable.id })
          .from(skillTable)
          .where(and(inArray(skillTable.id, ids), live(skillTable)));
        const missing = ids.filter((i) => !known.some((k) => k.id === i));
        if (missing.length) {
          throw new AppError("validation", `skills: ${missing.join(", ")} are not in the skills catalogue`, [
            { path: "skills", message: "names a skill that does not exist" },
          ]);
        }
      }
      const before = await tx.select().from(technicianSkillTable).where(eq(technicianSkillTable.userId, userId));
      await tx.delete(technicianSkillTable).where(eq(technicianSkillTable.userId, userId));
      if (skills.length) await tx.insert(technicianSkillTable).values(skills.map((s) => ({ userId, ...s })));
      await Audit.record({
        action: "dispatch.technician_skills_saved",
        entityType: "technician",
        entityId: userId,
        changes: {
          skills: {
            from: before.map((s) => ({ skillId: s.skillId, proficiency: s.proficiency, isPrimary: s.isPrimary })),
            to: skills,
          },
        },
      });
      const [info] = await loadTechnicians(tx, [userId]);
      return info as TechnicianInfo;
    });
  },
);

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'use "HH:mm" (00:00–23:59)');

/**
 * Adds shifts on local dates (a date list, or a range with weekdays 1=Mon…7=Sun) from `start` to `end`
 * wall time in the technician's zone; an `end` at or before `start` ends the next day (a night shift).
 * Each shift is stored as instants, so 08:00–17:00 stays 08:00–17:00 local across a DST change.
 */
export const addShifts = fn(
  z
    .object({
      userId: id(),
      dates: z.array(day()).max(366).optional(),
      from: day().optional(),
      to: day().optional(),
      weekdays: z.array(int(1, 7)).max(7).optional(),
      start: hhmm,
      end: hhmm,
    })
    .refine((v) => v.dates?.length || (v.from && v.to), { message: "give dates, or from and to", path: ["dates"] }),
  async (input): Promise<SpanInfo[]> => {
    requirePermission("operations:technician:write");
    return createTransaction(async (tx) => {
      const profile = await profileOf(tx, input.userId, true);
      const dates = new Set(input.dates ?? []);
      if (input.from && input.to) {
        if (input.to < input.from)
          throw new AppError("validation", "Invalid input: to: must not be before from", [
            { path: "to", message: "is before from" },
          ]);
        for (let d = input.from, n = 0; d <= input.to; d = nextDate(d), n++) {
          if (n > 366)
            throw new AppError("validation", "Invalid input: to: at most a year of shifts at once", [
              { path: "to", message: "is more than a year after from" },
            ]);
          const weekday = new Date(`${d}T00:00:00Z`).getUTCDay() || 7;
          if (!input.weekdays || input.weekdays.includes(weekday)) dates.add(d);
        }
      }
      const overnight = input.end <= input.start;
      const rows = [...dates].sort().map((d) => ({
        userId: input.userId,
        startsAt: localToInstant(profile.timeZone, d, input.start),
        endsAt: localToInstant(profile.timeZone, overnight ? nextDate(d) : d, input.end),
      }));
      if (rows.length === 0) return [];
      const earliest = rows[0]?.startsAt as Date;
      const latest = rows.at(-1)?.endsAt as Date;
      const existing = await tx
        .select()
        .from(technicianShiftTable)
        .where(
          and(
            eq(technicianShiftTable.userId, input.userId),
            lt(technicianShiftTable.startsAt, latest),
            gt(technicianShiftTable.endsAt, earliest),
          ),
        );
      const clash = rows.find((r) => existing.some((e) => e.startsAt < r.endsAt && e.endsAt > r.startsAt));
      if (clash) {
        throw new AppError(
          "conflict",
          `A shift already covers part of ${local(profile.timeZone, clash.startsAt)}; remove it first`,
          [{ path: "dates", message: "overlaps an existing shift" }],
        );
      }
      const created = await tx.insert(technicianShiftTable).values(rows).returning();
      await Audit.record({
        action: "dispatch.shifts_added",
        entityType: "technician",
        entityId: input.userId,
        changes: { shifts: { to: created.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt })) } },
      });
      return created.map((s) => toSpan(profile.timeZone, s));
    });
  },
);

export const removeShift = fn(z.object({ userId: id(), id: id() }), async ({ userId, id }): Promise<void> => {
  requirePermission("operations:technician:write");
  await createTransaction(async (tx) => {
    const [row] = await tx
      .delete(technicianShiftTable)
      .where(and(eq(technicianShiftTable.id, id), eq(technicianShiftTable.userId, userId)))
      .returning();
    if (!row) throw new AppError("not_found", `Shift ${id} of technician ${userId} does not exist`);
    await Audit.record({
      action: "dispatch.shift_removed",
      entityType: "technician",
      entityId: userId,
      changes: { shift: { from: { startsAt: row.startsAt, endsAt: row.endsAt } } },
    });
  });
});

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d$/, 'use "YYYY-MM-DDTHH:mm" (local time)');

/** Marks time off (or training…) from `start` to `end`, wall times in the technician's zone. */
export const addBlock = fn(
  z.object({
    userId: id(),
    start: localDateTime,
    end: localDateTime,
    kind: z.enum(availabilityKinds).default("time_off"),
    reason: text(500).nullish(),
  }),
  async (input): Promise<BlockInfo> => {
    requirePermission("operations:technician:write");
    return createTransaction(async (tx) => {
      const profile = await profileOf(tx, input.userId, true);
      const at = (v: string) => localToInstant(profile.timeZone, v.slice(0, 10), v.slice(11, 16));
      const startsAt = at(input.start);
      const endsAt = at(input.end);
      if (endsAt <= startsAt) {
        throw new AppError("validation", "Invalid input: end: must be after start", [
          { path: "end", message: "is not after start" },
        ]);
      }
      const [row] = await tx
        .insert(availabilityBlockTable)
        .values({ userId: input.userId, startsAt, endsAt, kind: input.kind, reason: input.reason ?? null })
        .returning();
      const block = row as typeof availabilityBlockTable.$inferSelect;
      await Audit.record({
        action: "dispatch.block_added",
        entityType: "technician",
        entityId: input.userId,
        changes: { block: { to: { kind: block.kind, startsAt, endsAt, reason: block.reason } } },
      });
      return toBlock(profile.timeZone, block);
    });
  },
);

export const removeBlock = fn(z.object({ userId: id(), id: id() }), async ({ userId, id }): Promise<void> => {
  requirePermission("operations:technician:write");
  await createTransaction(async (tx) => {
    const [row] = await tx
      .delete(availabilityBlockTable)
      .where(and(eq(availabilityBlockTable.id, id), eq(availabilityBlockTable.userId, userId)))
      .returning();
    if (!row) throw new AppError("not_found", `Availability block ${id} of technician ${userId} does not exist`);
    await Audit.record({
      action: "dispatch.block_removed",
      entityType: "technician",
      entityId: userId,
      changes: { block: { from: { kind: row.kind, startsAt: row.startsAt, endsAt: row.endsAt } } },
    });
  });
});

/* ---- the skills catalogue ---- */

const SkillFields = z.object({ name: text(100), description: text(500).nullish() });

export const listSkills = fn(z.object({}).default({}), async (): Promise<SkillInfo[]> => {
  requirePermission("operations:technician:read");
  const rows = await useTransaction((tx) =>
    tx
      .select()
      .from(skillTable)
      .where(live(skillTable))
      .orderBy(asc(sql`lower(${skillTable.name})`)),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description }));
});

async function assertFreeSkill(tx: Tx, name: string, except?: string) {
  const [taken] = await tx
    .select({ id: skillTable.id })
    .from(skillTable)
    .where(
      and(
        sql`lower(${skillTable.name}) = lower(${name})`,
        live(skillTable),
        except ? sql`${skillTable.id} <> ${except}` : undefined,
      ),
    );
  if (taken) {
    throw new AppError("conflict", `A skill named ${name} already exists; choose another name`, [
      { path: "name", message: "is already a skill" },
    ]);
  }
}

export const createSkill = fn(SkillFields, async (input): Promise<SkillInfo> => {
  requirePermission("operations:technician:write");
  return createTransaction(async (tx) => {
    await assertFreeSkill(tx, input.name);
    const [row] = await tx
      .insert(skillTable)
      .values({ name: input.name, description: input.description ?? null })
      .returning();
    const skill = row as typeof skillTable.$inferSelect;
    await Audit.record({
      action: "dispatch.skill_created",
      entityType: "skill",
      entityId: skill.id,
      changes: { name: { to: skill.name } },
    });
    return { id: skill.id, name: skill.name, description: skill.description };
  });
});

export const updateSkill = fn(
  SkillFields.partial().extend({ id: id() }),
  async ({ id, ...changes }): Promise<SkillInfo> => {
    requirePermission("operations:technician:write");
    return createTransaction(async (tx) => {
      const current = await liveRow(tx, skillTable, "Skill", id, true);
      if (changes.name) await assertFreeSkill(tx, changes.name, id);
      const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      const [row] = Object.keys(set).length
        ? await tx.update(skillTable).set(set).where(eq(skillTable.id, id)).returning()
        : [current];
      const skill = row ?? current;
      const diff = Audit.diff(current, skill, ["name", "description"]);
      if (Object.keys(diff).length)
        await Audit.record({ action: "dispatch.skill_updated", entityType: "skill", entityId: id, changes: diff });
      return { id: skill.id, name: skill.name, description: skill.description };
    });
  },
);

/** Removes a skill from the catalogue: technicians lose it; jobs that required it keep the id. */
export const removeSkill = fn(id(), async (id): Promise<void> => {
  requirePermission("operations:technician:write");
  await createTransaction(async (tx) => {
    const current = await liveRow(tx, skillTable, "Skill", id, true);
    await softRemove(tx, skillTable, eq(skillTable.id, id));
    await tx.delete(technicianSkillTable).where(eq(technicianSkillTable.skillId, id));
    await Audit.record({
      action: "dispatch.skill_removed",
      entityType: "skill",
      entityId: id,
      changes: { name: { from: current.name } },
    });
  });
});
