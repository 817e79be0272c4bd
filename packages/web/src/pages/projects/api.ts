import type { InferRequestType, InferResponseType } from "hono/client";
import { client, JSON_HEADERS, read, send } from "../../api";

/** The project screens' calls, typed from the API's routes. */
const p = client.api.v1.projects;
const tasks = client.api.v1["project-tasks"];
const mine = client.api.v1.customer.projects;
const templates = client.api.v1["project-templates"];
const slaPolicies = client.api.v1["project-sla-policies"];

export type ProjectItem = InferResponseType<typeof p.$get, 200>["items"][number];
export type ProjectQuery = NonNullable<InferRequestType<typeof p.$get>["query"]>;
export type ProjectDetail = InferResponseType<(typeof p)[":id"]["$get"], 200>;
export type ProjectTask = ProjectDetail["tasks"][number];
export type TaskStatus = ProjectTask["status"];
export type Costs = InferResponseType<(typeof p)[":id"]["costs"]["$get"], 200>;
export type Clocks = InferResponseType<(typeof p)[":id"]["clocks"]["$get"], 200>;
export type Clock = Clocks["project"];
export type Template = InferResponseType<typeof templates.$get, 200>["items"][number];
export type TemplateSave = InferRequestType<(typeof templates)[":projectType"]["$put"]>["json"];
export type ProjectCreate = InferRequestType<typeof p.$post>["json"];
export type ProjectType = ProjectItem["projectType"];
export type SlaPolicy = InferResponseType<typeof slaPolicies.$get, 200>["items"][number];
export type SlaPolicySave = InferRequestType<typeof slaPolicies.$put>["json"];
export type SlaCalendar = InferResponseType<typeof client.api.v1.sla.calendars.$get, 200>["items"][number];
export type CustomerProject = InferResponseType<typeof mine.$get, 200>["items"][number];

export const projectsApi = {
  list: (query: ProjectQuery) => read(p.$get({ query })),
  get: (id: string) => read(p[":id"].$get({ param: { id } })),
  costs: (id: string) => read(p[":id"].costs.$get({ param: { id } })),
  move: (id: string, pinnedStart: string | null) =>
    read(tasks[":id"].$patch({ param: { id }, json: { pinnedStart } }, JSON_HEADERS)),
  transition: (id: string, status: TaskStatus) =>
    read(tasks[":id"].transition.$post({ param: { id }, json: { status } }, JSON_HEADERS)),
  assign: (id: string, userIds: string[]) =>
    read(tasks[":id"].assignees.$put({ param: { id }, json: { userIds } }, JSON_HEADERS)),
  technicians: () => read(client.api.v1.dispatch.technicians.$get({ query: {} })),
  customer: () => read(mine.$get()),
  clocks: (id: string) => read(p[":id"].clocks.$get({ param: { id } })),
  create: (json: ProjectCreate) => read(p.$post({ json }, JSON_HEADERS)),
  templates: () => read(templates.$get()),
  saveTemplate: (projectType: ProjectType, json: TemplateSave) =>
    read(templates[":projectType"].$put({ param: { projectType }, json }, JSON_HEADERS)),
  slaPolicies: (projectType: ProjectType) => read(slaPolicies.$get({ query: { projectType } })),
  saveSlaPolicy: (json: SlaPolicySave) => read(slaPolicies.$put({ json }, JSON_HEADERS)),
  removeSlaPolicy: (id: string) => send(slaPolicies[":id"].$delete({ param: { id } }, JSON_HEADERS)),
  slaCalendars: () => read(client.api.v1.sla.calendars.$get()),
  /** The pickers of the "New project" form. */
  staff: (q: string) => read(client.api.v1.directory.staff.$get({ query: q ? { q } : {} })),
  people: (q: string) => read(client.api.v1.people.$get({ query: { ...(q ? { q } : {}), limit: "20" } })),
  subscribers: (q: string) => read(client.api.v1.subscribers.$get({ query: { ...(q ? { q } : {}), limit: "20" } })),
  leads: (q: string) => read(client.api.v1.leads.$get({ query: { ...(q ? { q } : {}), limit: "20" } })),
};

const qs = (query: Record<string, string | undefined>) => {
  const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
  const s = params.toString();
  return s ? `?${s}` : "";
};
/** CSV downloads are plain links: the browser saves them. */
export const listCsvHref = (query: Record<string, string | undefined>) => `/api/v1/projects/export.csv${qs(query)}`;
export const tasksCsvHref = (id: string) => `/api/v1/projects/${id}/tasks.csv`;

const DAY = 86_400_000;
export const dayOf = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
export const dateOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
