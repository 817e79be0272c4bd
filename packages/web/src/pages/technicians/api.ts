import type { InferRequestType, InferResponseType } from "hono/client";
import { client, read, send } from "../../api";

/** The technician, skill and dispatch-rule screens' calls, all through the typed client. */
const dispatch = client.api.v1.dispatch;
const tech = dispatch.technicians[":userId"];

export type Technician = InferResponseType<typeof dispatch.technicians.$get, 200>["items"][number];
export type TechnicianDetail = InferResponseType<typeof tech.$get, 200>;
export type Profile = InferRequestType<typeof tech.$put>["json"];
export type SkillEntry = InferRequestType<(typeof tech)["skills"]["$put"]>["json"]["skills"][number];
export type ShiftInput = InferRequestType<(typeof tech)["shifts"]["$post"]>["json"];
export type BlockInput = InferRequestType<(typeof tech)["blocks"]["$post"]>["json"];
export type Skill = InferResponseType<typeof dispatch.skills.$get, 200>["items"][number];
export type Rule = InferResponseType<typeof dispatch.rules.$get, 200>["items"][number];
export type RuleInput = InferRequestType<typeof dispatch.rules.$post>["json"];
export type Team = InferResponseType<typeof client.api.v1.teams.$get, 200>["items"][number];

const user = (userId: string) => ({ param: { userId } });
const item = (userId: string, id: string) => ({ param: { userId, id } });
const one = (id: string) => ({ param: { id } });

export const technicianApi = {
  list: () => read(dispatch.technicians.$get({ query: {} })),
  candidates: () => read(dispatch.technicians.candidates.$get()),
  get: (userId: string, from: string, days = 14) =>
    read(tech.$get({ ...user(userId), query: { from, days: String(days) } })),
  save: (userId: string, json: Profile) => read(tech.$put({ ...user(userId), json })),
  setSkills: (userId: string, skills: SkillEntry[]) => read(tech.skills.$put({ ...user(userId), json: { skills } })),
  addShifts: (userId: string, json: ShiftInput) => read(tech.shifts.$post({ ...user(userId), json })),
  removeShift: (userId: string, id: string) => send(tech.shifts[":id"].$delete(item(userId, id))),
  addBlock: (userId: string, json: BlockInput) => read(tech.blocks.$post({ ...user(userId), json })),
  removeBlock: (userId: string, id: string) => send(tech.blocks[":id"].$delete(item(userId, id))),
  skills: () => read(dispatch.skills.$get()),
  createSkill: (name: string, description: string | null) =>
    read(dispatch.skills.$post({ json: { name, description } })),
  removeSkill: (id: string) => send(dispatch.skills[":id"].$delete(one(id))),
  rules: () => read(dispatch.rules.$get()),
  createRule: (json: RuleInput) => read(dispatch.rules.$post({ json })),
  updateRule: (id: string, json: Partial<RuleInput>) => read(dispatch.rules[":id"].$patch({ ...one(id), json })),
  removeRule: (id: string) => send(dispatch.rules[":id"].$delete(one(id))),
  teams: () => read(client.api.v1.teams.$get()),
};

export const blockKinds = ["time_off", "training", "sick", "other"] as const satisfies readonly BlockInput["kind"][];
export const ruleWorkTypes = ["install", "repair", "survey", "maintenance", "disconnect", "other"] as const;
export const rulePriorities = ["low", "medium", "high", "urgent"] as const;

/** Today's date (YYYY-MM-DD) in an IANA zone. */
export const todayIn = (zone: string, at = new Date()) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: zone }).format(at);

/** "2026-12-04T08:00" → "08:00"; with the date when `withDate`. */
export const wall = (local: string, withDate = false) => (withDate ? local.replace("T", " ") : local.slice(11, 16));
