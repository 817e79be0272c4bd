import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { userTable } from "../auth/auth.sql";
import { softDelete } from "../platform/soft-delete";
import { id, instant, timestamps } from "../platform/sql";
import { teamTable } from "../team/team.sql";
import { workOrderPriorities, workOrderTable, workOrderTypes } from "../workorder/workorder.sql";

/**
 * A staff user who works in the field. The row is also the lock an appointment takes (`FOR UPDATE`),
 * so two bookings of one technician never interleave. Region is a name matched case-insensitively
 * against `work_order.region`; the service team is the ticket domain's team.
 */
export const technicianProfileTable = pgTable(
  "technician_profile",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => userTable.id),
    title: text("title"),
    region: text("region"),
    teamId: uuid("team_id").references(() => teamTable.id),
    /** IANA zone: shifts and blocks are entered and shown in it, stored as instants. */
    timeZone: text("time_zone").notNull().default("UTC"),
    homeLatitude: doublePrecision("home_latitude"),
    homeLongitude: doublePrecision("home_longitude"),
    maxJobsPerDay: integer("max_jobs_per_day").notNull().default(6),
    active: boolean("active").notNull().default(true),
    /** The technician's own consent to location pings; off by default, turning it off deletes them. */
    locationSharing: boolean("location_sharing").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index("technician_profile_region_idx").on(sql`lower(${t.region})`),
    check("technician_profile_max_jobs", sql`${t.maxJobsPerDay} between 1 and 50`),
  ],
);

/** The skills catalogue (fibre splicing, ONT install, tower climb…). */
export const skillTable = pgTable(
  "skill",
  {
    id: id(),
    name: text("name").notNull(),
    description: text("description"),
    ...timestamps,
    ...softDelete,
  },
  (t) => [uniqueIndex("skill_name_idx").on(sql`lower(${t.name})`).where(sql`${t.deletedAt} is null`)],
);

/** A technician's skill at a proficiency from 1 (learning) to 5 (expert); one may be their primary. */
export const technicianSkillTable = pgTable(
  "technician_skill",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => technicianProfileTable.userId),
    skillId: uuid("skill_id")
      .notNull()
      .references(() => skillTable.id),
    proficiency: integer("proficiency").notNull().default(3),
    isPrimary: boolean("is_primary").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.skillId] }),
    uniqueIndex("technician_skill_primary_idx").on(t.userId).where(sql`${t.isPrimary}`),
    check("technician_skill_proficiency", sql`${t.proficiency} between 1 and 5`),
  ],
);

/** A working shift: the instants it covers (entered as a local date and wall times). */
export const technicianShiftTable = pgTable(
  "technician_shift",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => technicianProfileTable.userId),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("technician_shift_user_idx").on(t.userId, t.startsAt),
    index("technician_shift_range_idx").on(t.startsAt, t.endsAt),
    check("technician_shift_order", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

export const availabilityKinds = ["time_off", "training", "sick", "other"] as const;

/** Time a technician cannot take jobs although on shift (leave, training, sickness). */
export const availabilityBlockTable = pgTable(
  "availability_block",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => technicianProfileTable.userId),
    kind: text("kind", { enum: availabilityKinds }).notNull().default("time_off"),
    reason: text("reason"),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("availability_block_user_idx").on(t.userId, t.startsAt),
    index("availability_block_range_idx").on(t.startsAt, t.endsAt),
    check("availability_block_order", sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * Which jobs a rule covers (every set criterion must match; null matches all), what skills it adds to
 * the job's own, and whether a new job it covers is auto-assigned. The first enabled rule by position wins.
 */
export const dispatchRuleTable = pgTable(
  "dispatch_rule",
  {
    id: id(),
    name: text("name").notNull(),
    workType: text("work_type", { enum: workOrderTypes }),
    priority: text("priority", { enum: workOrderPriorities }),
    region: text("region"),
    skillIds: uuid("skill_ids").array().notNull().default(sql`'{}'::uuid[]`),
    autoAssign: boolean("auto_assign").notNull().default(false),
    position: integer("position").notNull().default(0),
    enabled: boolean("enabled").notNull().default(true),
    ...timestamps,
  },
  (t) => [index("dispatch_rule_position_idx").on(t.position, t.id)],
);

/** A location ping, kept 48 hours (`dispatch.positions_prune`); idempotent by the phone's client ref. */
export const technicianPositionTable = pgTable(
  "technician_position",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => technicianProfileTable.userId),
    latitude: doublePrecision("latitude").notNull(),
    longitude: doublePrecision("longitude").notNull(),
    accuracy: doublePrecision("accuracy"),
    recordedAt: instant("recorded_at").notNull(),
    workOrderId: uuid("work_order_id").references(() => workOrderTable.id),
    clientRef: text("client_ref").notNull(),
    receivedAt: instant("received_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("technician_position_ref_idx").on(t.userId, t.clientRef),
    index("technician_position_last_idx").on(t.userId, t.recordedAt),
    index("technician_position_age_idx").on(t.recordedAt),
  ],
);
