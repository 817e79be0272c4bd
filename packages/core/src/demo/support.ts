import { eq } from "drizzle-orm";
import * as Auth from "../auth";
import { type Actor, withActor } from "../platform/context";
import { useTransaction } from "../platform/db";
import * as Sla from "../sla";
import { subscriberTable } from "../subscriber/subscriber.sql";
import * as Team from "../team";
import * as Ticket from "../ticket";
import { ticketTable } from "../ticket/ticket.sql";

export const DEMO_AGENT_EMAIL = "agent@demo-isp.example";

interface DemoTicket {
  title: string;
  description: string;
  type: string;
  priority: "low" | "medium" | "high" | "urgent";
  team: string;
  subscriber?: string;
  assign?: "agent" | "admin";
  status?: "open" | "pending" | "waiting_on_customer" | "on_hold" | "pending_confirmation";
  reply?: string;
  note?: string;
}

const tickets: DemoTicket[] = [
  {
    title: "No internet since the storm",
    description: "ONT shows red LOS light since yesterday evening. Router restarted twice.",
    type: "Customer Link Disconnection",
    priority: "urgent",
    team: "Field Operations",
    subscriber: "SUB-003001",
    assign: "agent",
    status: "open",
    reply: "Sorry about this, Amaka. A technician is being dispatched to check the drop cable.",
  },
  {
    title: "Slow speeds in the evening",
    description: "Speed tests show 20 Mbps on a 100 Mbps plan between 8 and 11 pm.",
    type: "Bandwidth Complaint",
    priority: "medium",
    team: "NOC",
    subscriber: "SUB-001001",
    assign: "agent",
    status: "waiting_on_customer",
    reply: "Could you run a wired speed test and send us a screenshot?",
  },
  {
    title: "Request to relocate router to the living room",
    description: "Customer wants the router moved; needs about 10 m of extra cable.",
    type: "Customer Relocation",
    priority: "low",
    team: "Installations",
    subscriber: "SUB-001003",
    status: "open",
  },
  {
    title: "Intermittent drops every few minutes",
    description: "Connection drops for ~30 s several times an hour.",
    type: "Slow Browsing/Intermittent Connectivity",
    priority: "high",
    team: "NOC",
    subscriber: "SUB-001002",
    assign: "admin",
    status: "pending_confirmation",
    reply: "We replaced the faulty patch cord at the cabinet. Please confirm it is stable now.",
  },
  {
    title: "Billing shows two charges this month",
    description: "Customer was charged twice for November.",
    type: "Billing Issues",
    priority: "medium",
    team: "Billing",
    subscriber: "SUB-001001",
    note: "Checked the billing system: the second charge is a pro-rata upgrade. Waiting on finance.",
    status: "on_hold",
  },
  {
    title: "New estate block needs fibre survey",
    description: "Lekki Gardens block C asked for a site survey before installation.",
    type: "Site Survey",
    priority: "medium",
    team: "Installations",
  },
];

/**
 * Demo support data on a fresh database: an agent account (the admin's password) and a handful of
 * tickets in different states through the real verbs, so the support pages have something to show.
 * Runs once: it does nothing when any ticket exists.
 */
export async function seedSupport(password: string, admin: Actor) {
  const existing = await useTransaction((tx) => tx.select({ id: ticketTable.id }).from(ticketTable).limit(1));
  if (existing.length > 0) return;
  const agent =
    (await Auth.fromEmail(DEMO_AGENT_EMAIL)) ??
    (await withActor({ type: "system", properties: { job: "demo.seed" } }, () =>
      Auth.createUser({ email: DEMO_AGENT_EMAIL, password, displayName: "Ada Eze", roles: ["support"] }),
    ));
  await withActor(admin, async () => {
    const types = new Map((await Ticket.types({})).map((t) => [t.name, t.id]));
    const adminId = admin.type === "user" ? admin.properties.userId : null;
    await Sla.saveCalendar({
      name: "Lagos office hours",
      definition: {
        timeZone: "Africa/Lagos",
        alwaysOpen: false,
        weekly: {
          "1": [{ from: "08:00", to: "17:00" }],
          "2": [{ from: "08:00", to: "17:00" }],
          "3": [{ from: "08:00", to: "17:00" }],
          "4": [{ from: "08:00", to: "17:00" }],
          "5": [{ from: "08:00", to: "17:00" }],
          "6": [{ from: "09:00", to: "13:00" }],
        },
        holidays: ["2026-12-25", "2026-12-26", "2027-01-01"],
      },
      isDefault: false,
    });
    const teams = new Map<string, string>();
    for (const name of new Set(tickets.map((t) => t.team))) teams.set(name, (await Team.create({ name })).id);
    for (const t of tickets) {
      const subscriberId = t.subscriber
        ? (
            await useTransaction((tx) =>
              tx
                .select({ id: subscriberTable.id })
                .from(subscriberTable)
                .where(eq(subscriberTable.subscriberNumber, t.subscriber as string)),
            )
          )[0]?.id
        : undefined;
      const { ticket } = await Ticket.create({
        title: t.title,
        description: t.description,
        priority: t.priority,
        ticketTypeId: types.get(t.type) ?? null,
        channel: "phone",
        teamId: teams.get(t.team) ?? null,
        subscriberId: subscriberId ?? null,
        primaryAssigneeId: t.assign === "agent" ? agent.id : t.assign === "admin" ? adminId : null,
      });
      if (t.status && t.status !== "open") await Ticket.changeStatus({ id: ticket.id, status: "open" });
      if (t.reply) await Ticket.addComment({ id: ticket.id, body: t.reply, isInternal: false });
      if (t.note) await Ticket.addComment({ id: ticket.id, body: t.note, isInternal: true });
      if (t.status) {
        await Ticket.changeStatus({
          id: ticket.id,
          status: t.status,
          ...(t.status === "on_hold" ? { note: "Waiting on finance to confirm the charge" } : {}),
        });
      }
    }
  });
}
