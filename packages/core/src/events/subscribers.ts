import type { $ZodType, output } from "zod/v4/core";
import { Events as AuthEvents } from "../auth/events";
import { Events as CampaignEvents } from "../campaign/events";
import { Events as ContractEvents } from "../contract/events";
import { Events as DispatchEvents } from "../dispatch/events";
import { Events as InboxEvents } from "../inbox/events";
import { afterCommit } from "../platform/db";
import type { EventDefinition } from "../platform/outbox";
import { Events as ProjectEvents } from "../project/events";
import { Events as Quote } from "../quote/events";
import * as Sla from "../sla/events";
import { Events as Ticket } from "../ticket/events";
import { Events as Expense } from "../timecost/events";
import { Events as Track } from "../track/events";
import { Events as WorkOrder } from "../workorder/events";

// Handlers load their domain on first use, and only the event definitions (names and payload
// schemas) are imported here: an event pays for the domain that handles it, not for every domain
// with a subscriber, so the `events` function's cold start does not grow with each one added.
const auth = () => import("../auth");
const fieldPush = () => import("../field/notify");
const notification = () => import("../notification");
const inboxSend = () => import("../inbox/outbound/send");
const routing = () => import("../inbox/routing");
const assignment = () => import("../inbox/assignment");
const obligation = () => import("../inbox/obligation");
const live = () => import("../live/fanout");
const inboxMedia = () => import("../inbox/media");
const visitNotice = () => import("../notification/visit");
const expenseNotice = () => import("../notification/expense");
const projectNotice = () => import("../project/notify");
const contractNotice = () => import("../contract/notify");
const commission = () => import("../commission/accrue");
const commissionReverse = () => import("../commission/reverse");
const surveyInvite = () => import("../survey/invite");

interface SubscriberDef<S extends $ZodType> {
  name: string;
  event: EventDefinition<string, S>;
  handle(eventId: string, payload: output<S>): Promise<void>;
}

function on<S extends $ZodType>(def: SubscriberDef<S>): SubscriberDef<$ZodType> {
  return def as unknown as SubscriberDef<$ZodType>;
}

/** The open dispatch boards hear every work-order change (a hint: they refetch the board). */
const boardHint = <S extends $ZodType>(name: string, event: EventDefinition<string, S>, reason: string) =>
  on({
    name: `live.board-${name}`,
    event,
    handle: async (_eventId, payload) => {
      const { workOrderId } = payload as { workOrderId: string };
      await (await live()).onWorkOrderChanged(workOrderId, reason);
    },
  });

/** Every event subscriber. The `events` Lambda and the local bus both dispatch through this list. */
export const subscribers = [
  on({
    name: "field.push-assigned",
    event: WorkOrder.Assigned,
    handle: async (_eventId, payload) => {
      await (await fieldPush()).onAssigned(payload);
    },
  }),
  on({
    name: "field.push-dispatched",
    event: WorkOrder.StatusChanged,
    handle: async (_eventId, payload) => {
      await (await fieldPush()).onDispatched(payload);
    },
  }),
  on({
    name: "inbox.csat-survey",
    event: InboxEvents.ConversationUpdated,
    handle: async (_eventId, payload) => {
      if (payload.status === "resolved" && payload.changes.includes("status")) {
        await (await import("../inbox/csat")).sendSurvey(payload.conversationId);
      }
    },
  }),
  on({
    name: "inbox.send",
    event: InboxEvents.MessageQueued,
    // After the delivery row commits: the send's claim must commit before the provider is called (R2),
    // and a failed attempt is already rescheduled by the attempt itself (the sweep picks up the rest).
    handle: async (_eventId, payload) =>
      afterCommit(async () => {
        await (await inboxSend()).attempt(payload.messageId).catch(() => undefined);
      }),
  }),
  on({
    name: "inbox.fetch-media",
    event: InboxEvents.MessageReceived,
    handle: async (_eventId, payload) => {
      if (payload.pendingMedia > 0) await (await inboxMedia()).fetchPending(payload.messageId);
    },
  }),
  on({
    name: "auth.recovery-mail",
    event: AuthEvents.RecoveryRequested,
    handle: async (_eventId, payload) => (await auth()).Recovery.fulfilRequest(payload.requestId),
  }),
  on({
    name: "notification.project-task-assigned",
    event: ProjectEvents.TaskAssigned,
    handle: async (eventId, payload) => (await projectNotice()).onTaskAssigned(eventId, payload),
  }),
  on({
    name: "notification.project-stage-completed",
    event: ProjectEvents.TaskStatusChanged,
    handle: async (eventId, payload) => (await projectNotice()).onTaskStatusChanged(eventId, payload),
  }),
  on({
    name: "notification.project-sla-warning",
    event: ProjectEvents.ClockWarning,
    handle: async (eventId, payload) => (await projectNotice()).onClockAlert(eventId, "sla_warning", payload),
  }),
  on({
    name: "notification.project-sla-breach",
    event: ProjectEvents.ClockBreached,
    handle: async (eventId, payload) => (await projectNotice()).onClockAlert(eventId, "sla_breach", payload),
  }),
  on({
    name: "notification.project-completed",
    event: ProjectEvents.StatusChanged,
    handle: async (eventId, payload) => (await projectNotice()).onStatusChanged(eventId, payload),
  }),
  on({
    name: "notification.contract-quote-submitted",
    event: ContractEvents.QuoteSubmitted,
    handle: async (eventId, payload) => (await contractNotice()).onQuoteSubmitted(eventId, payload),
  }),
  on({
    name: "notification.contract-quote-decided",
    event: ContractEvents.QuoteDecided,
    handle: async (eventId, payload) => (await contractNotice()).onQuoteDecided(eventId, payload),
  }),
  on({
    name: "notification.contract-as-built-reviewed",
    event: ContractEvents.AsBuiltReviewed,
    handle: async (eventId, payload) => (await contractNotice()).onAsBuiltReviewed(eventId, payload),
  }),
  on({
    name: "notification.ticket-assigned",
    event: Ticket.Assigned,
    handle: async (eventId, payload) => (await notification()).onAssigned(eventId, payload),
  }),
  on({
    name: "notification.ticket-commented",
    event: Ticket.Commented,
    handle: async (eventId, payload) => (await notification()).onCommented(eventId, payload),
  }),
  on({
    name: "notification.inbox-mentioned",
    event: InboxEvents.NoteAdded,
    handle: async (eventId, payload) => (await notification()).onInboxNote(eventId, payload),
  }),
  on({
    name: "notification.ticket-resolved",
    event: Ticket.StatusChanged,
    handle: async (eventId, payload) => (await notification()).onStatusChanged(eventId, payload),
  }),
  on({
    name: "notification.ticket-confirmation",
    event: Ticket.ConfirmationDecided,
    handle: async (eventId, payload) => (await notification()).onConfirmationDecided(eventId, payload),
  }),
  on({
    name: "notification.visit-answered",
    event: Track.VisitAnswered,
    handle: async (eventId, payload) => (await visitNotice()).onVisitAnswered(eventId, payload),
  }),
  on({
    name: "notification.expense-submitted",
    event: Expense.Submitted,
    handle: async (eventId, payload) => (await expenseNotice()).onSubmitted(eventId, payload),
  }),
  on({
    name: "notification.expense-decided",
    event: Expense.Decided,
    handle: async (eventId, payload) => (await expenseNotice()).onDecided(eventId, payload),
  }),
  on({
    name: "live.visit-answered",
    event: Track.VisitAnswered,
    handle: async (_eventId, payload) =>
      void (await (await live()).onWorkOrderChanged(payload.workOrderId, payload.answer)),
  }),
  boardHint("work-order-created", WorkOrder.Created, "created"),
  boardHint("work-order-updated", WorkOrder.Updated, "updated"),
  boardHint("work-order-assigned", WorkOrder.Assigned, "assigned"),
  boardHint("work-order-status", WorkOrder.StatusChanged, "status_changed"),
  boardHint("appointment", DispatchEvents.AppointmentSet, "appointment"),
  on({
    name: "notification.sla-warning",
    event: Sla.Events.Warning,
    handle: async (eventId, payload) => (await notification()).onSlaAlert(eventId, "sla_warning", payload),
  }),
  on({
    name: "notification.sla-breach",
    event: Sla.Events.Breached,
    handle: async (eventId, payload) => (await notification()).onSlaAlert(eventId, "sla_breach", payload),
  }),
  on({
    name: "inbox.route-new-conversation",
    event: InboxEvents.ConversationCreated,
    handle: async (_eventId, payload) => {
      await (await routing()).route(payload.conversationId);
    },
  }),
  on({
    name: "inbox.conversation-released",
    event: InboxEvents.ConversationUpdated,
    handle: async (_eventId, payload) => (await assignment()).onConversationUpdated(payload),
  }),
  on({
    name: "inbox.obligation-inbound",
    event: InboxEvents.MessageReceived,
    handle: async (_eventId, payload) => (await obligation()).onMessageReceived(payload.messageId),
  }),
  on({
    name: "inbox.obligation-outbound",
    event: InboxEvents.MessageStatusChanged,
    handle: async (_eventId, payload) => {
      if (payload.status === "sent" || payload.status === "delivered" || payload.status === "read") {
        await (await obligation()).onMessageSent(payload.messageId);
      }
    },
  }),
  on({
    name: "dispatch.auto-assign",
    event: WorkOrder.Created,
    // The first matching dispatch rule decides; a job no technician fits stays in the unscheduled queue.
    handle: async (_eventId, payload) =>
      void (await (await import("../dispatch/auto-assign")).applyRules(payload.workOrderId)),
  }),
  on({
    name: "live.conversation-created",
    event: InboxEvents.ConversationCreated,
    handle: async (_eventId, payload) => void (await (await live()).onConversationCreated(payload)),
  }),
  on({
    name: "live.conversation-updated",
    event: InboxEvents.ConversationUpdated,
    handle: async (_eventId, payload) => void (await (await live()).onConversationUpdated(payload)),
  }),
  on({
    name: "live.message-received",
    event: InboxEvents.MessageReceived,
    handle: async (_eventId, payload) => void (await (await live()).onMessageReceived(payload)),
  }),
  on({
    name: "live.message-queued",
    event: InboxEvents.MessageQueued,
    handle: async (_eventId, payload) => void (await (await live()).onMessageQueued(payload)),
  }),
  on({
    name: "live.message-status",
    event: InboxEvents.MessageStatusChanged,
    handle: async (_eventId, payload) => void (await (await live()).onMessageStatusChanged(payload)),
  }),
  on({
    name: "live.note-added",
    event: InboxEvents.NoteAdded,
    handle: async (_eventId, payload) => void (await (await live()).onNoteAdded(payload)),
  }),
  on({
    name: "commission.accrue",
    event: Quote.SalesOrderPaid,
    handle: async (_eventId, payload) => {
      if (payload.resellerOrganizationId) await (await commission()).accrue({ salesOrderId: payload.salesOrderId });
    },
  }),
  on({
    name: "commission.reverse-cancelled",
    event: Quote.SalesOrderCancelled,
    handle: async (_eventId, payload) => {
      if (payload.resellerOrganizationId) {
        await (await commissionReverse()).reverse({ salesOrderId: payload.salesOrderId, reason: "cancelled" });
      }
    },
  }),
  on({
    name: "commission.reverse-refunded",
    event: Quote.SalesOrderRefunded,
    handle: async (_eventId, payload) => {
      if (payload.resellerOrganizationId) {
        await (await commissionReverse()).reverse({ salesOrderId: payload.salesOrderId, reason: "refunded" });
      }
    },
  }),
  on({
    name: "campaign.send",
    event: CampaignEvents.Started,
    // After the delivery row commits: each batch's claim must commit before any mail goes out.
    handle: async (_eventId, payload) =>
      afterCommit(async () => {
        await (await import("../campaign/send")).onStarted(payload.campaignId);
      }),
  }),
  on({
    name: "campaign.reply",
    event: InboxEvents.MessageReceived,
    handle: async (_eventId, payload) => void (await (await import("../campaign/tracking")).onReply(payload.messageId)),
  }),
  on({
    name: "survey.ticket-closed",
    event: Ticket.StatusChanged,
    handle: async (_eventId, payload) => {
      if (payload.to === "closed") await (await surveyInvite()).inviteFor("ticket_closed", "ticket", payload.ticketId);
    },
  }),
  on({
    name: "survey.work-order-completed",
    event: WorkOrder.Completed,
    handle: async (_eventId, payload) =>
      void (await (await surveyInvite()).inviteFor("work_order_completed", "work_order", payload.workOrderId)),
  }),
];
