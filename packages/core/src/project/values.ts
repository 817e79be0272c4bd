/** The project vocabularies (v1 §6), shared by the tables, the verbs and the portal's types. */

export const projectTypes = [
  "cable_rerun",
  "fiber_optics_relocation",
  "air_fiber_relocation",
  "fiber_optics_installation",
  "air_fiber_installation",
  "cross_connect",
] as const;
export type ProjectType = (typeof projectTypes)[number];

export const projectStatuses = ["open", "planned", "active", "on_hold", "completed", "canceled"] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

export const taskStatuses = ["backlog", "todo", "in_progress", "blocked", "done", "canceled"] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const projectPriorities = ["lower", "low", "normal", "high", "urgent"] as const;
export type ProjectPriority = (typeof projectPriorities)[number];

/** Finish-to-start, start-to-start, finish-to-finish, start-to-finish. */
export const dependencyTypes = ["fs", "ss", "ff", "sf"] as const;
export type DependencyType = (typeof dependencyTypes)[number];

/** Days from the start to the due date when none is given (v1: air fibre 3, fibre 14, cable rerun 5). */
export const defaultDueDays: Record<ProjectType, number> = {
  cable_rerun: 5,
  fiber_optics_relocation: 14,
  air_fiber_relocation: 3,
  fiber_optics_installation: 14,
  air_fiber_installation: 3,
  cross_connect: 5,
};
