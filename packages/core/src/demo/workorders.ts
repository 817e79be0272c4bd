import { withActor } from "../platform/context";
import * as WorkOrder from "../workorder";

const asSystem = <T>(fn: () => T) => withActor({ type: "system", properties: { job: "demo.seed" } }, fn);

/** Marks the seeded jobs, so a re-run adds nothing. */
const DEMO_TAG = "demo-day";

const LAGOS = [
  { line1: "12 Admiralty Way", city: "Lekki", latitude: 6.4355, longitude: 3.4791 },
  { line1: "3 Adeola Odeku Street", city: "Victoria Island", latitude: 6.4297, longitude: 3.4219 },
  { line1: "45 Allen Avenue", city: "Ikeja", latitude: 6.6018, longitude: 3.3515 },
  { line1: "8 Herbert Macaulay Way", city: "Yaba", latitude: 6.5095, longitude: 3.3711 },
  { line1: "21 Awolowo Road", city: "Ikoyi", latitude: 6.4474, longitude: 3.4346 },
  { line1: "2 Ogunlana Drive", city: "Surulere", latitude: 6.4969, longitude: 3.3553 },
  { line1: "17 Bode Thomas Street", city: "Surulere", latitude: 6.4926, longitude: 3.3574 },
  { line1: "30 Opebi Road", city: "Ikeja", latitude: 6.5916, longitude: 3.3616 },
];

type Plan = {
  title: string;
  workType: "install" | "repair" | "survey" | "maintenance" | "disconnect" | "other";
  priority: "low" | "medium" | "high" | "urgent";
  /** Hours from the start of the day (08:00 UTC); null: unscheduled (the dispatch queue). */
  at: number | null;
  /** Field events already sent, minutes after the scheduled start. */
  progress: [WorkOrder.FieldEvent, number][];
};

const plans: Plan[] = [
  {
    title: "Fibre install: new home",
    workType: "install",
    priority: "medium",
    at: 0,
    progress: [
      ["accept", -30],
      ["en_route", -20],
      ["start", 0],
      ["complete", 95],
    ],
  },
  {
    title: "No signal after storm",
    workType: "repair",
    priority: "urgent",
    at: 1,
    progress: [
      ["accept", -10],
      ["en_route", 0],
      ["arrived", 20],
      ["start", 25],
    ],
  },
  {
    title: "Slow speeds: check ONT",
    workType: "repair",
    priority: "high",
    at: 2,
    progress: [
      ["accept", 0],
      ["start", 10],
      ["hold", 40],
    ],
  },
  { title: "Site survey for estate", workType: "survey", priority: "low", at: 4, progress: [["accept", -60]] },
  { title: "Quarterly cabinet maintenance", workType: "maintenance", priority: "medium", at: 6, progress: [] },
  { title: "Disconnect: moved out", workType: "disconnect", priority: "low", at: null, progress: [] },
  { title: "Relocate router to study", workType: "other", priority: "medium", at: null, progress: [] },
  { title: "Fibre install: shop front", workType: "install", priority: "high", at: null, progress: [] },
];

/**
 * A day of jobs for `npm start`, through the work-order verbs: installs, repairs, a survey, maintenance
 * and a disconnect, some worked (started, on hold, completed with a reason) and three unscheduled for
 * the dispatch queue. Technicians take turns as primary. A re-run adds nothing once demo jobs exist.
 */
export async function seedWorkOrders(input: {
  technicianUserIds: string[];
  subscriberIds: string[];
  /** The day's start; 08:00 UTC today by default. */
  day?: Date;
}): Promise<string[]> {
  return asSystem(async () => {
    const existing = await WorkOrder.list({ tag: DEMO_TAG, limit: 1 });
    if (existing.items.length > 0) return [];
    const day = input.day ?? new Date(new Date().setUTCHours(8, 0, 0, 0));
    const ids: string[] = [];
    for (const [i, plan] of plans.entries()) {
      const place = LAGOS[i % LAGOS.length] as (typeof LAGOS)[number];
      const tech =
        input.technicianUserIds.length > 0 ? input.technicianUserIds[i % input.technicianUserIds.length] : undefined;
      const helper =
        input.technicianUserIds.length > 1
          ? input.technicianUserIds[(i + 1) % input.technicianUserIds.length]
          : undefined;
      const start = plan.at === null ? null : new Date(day.getTime() + plan.at * 3600_000);
      const scheduled = Boolean(start && tech);
      const job = await WorkOrder.create({
        title: plan.title,
        workType: plan.workType,
        priority: plan.priority,
        subscriberId: input.subscriberIds[i % Math.max(1, input.subscriberIds.length)] ?? null,
        address: { line1: place.line1, city: place.city, country: "NG" },
        latitude: place.latitude,
        longitude: place.longitude,
        region: "Lagos",
        estimatedDurationMinutes: plan.workType === "install" ? 120 : 60,
        accessNotes: i % 3 === 0 ? "Call on arrival; gate code 4411" : null,
        tags: [DEMO_TAG],
        ...(scheduled && start
          ? {
              scheduledStart: start.toISOString(),
              scheduledEnd: new Date(start.getTime() + 3600_000).toISOString(),
              windowStart: new Date(start.getTime() - 1800_000).toISOString(),
              windowEnd: new Date(start.getTime() + 7200_000).toISOString(),
            }
          : {}),
        assignees:
          scheduled && tech
            ? [
                { userId: tech, isPrimary: true },
                ...(helper && i === 0 ? [{ userId: helper, role: "helper" as const }] : []),
              ]
            : [],
      });
      ids.push(job.id);
      if (!start) continue;
      for (const [n, [event, minutes]] of plan.progress.entries()) {
        const occurredAt = new Date(Math.min(Date.now(), start.getTime() + minutes * 60_000));
        await WorkOrder.fieldEvent({
          id: job.id,
          clientEventId: `demo-${i}-${n}`,
          event,
          occurredAt: occurredAt.toISOString(),
          ...(event === "complete" ? { reason: "Demo: signed on paper" } : {}),
        });
      }
    }
    return ids;
  });
}
