import { useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { ApiError, errorMessage, fieldMessage } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { ticketApi } from "../../components/tickets/api";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type CreateInput, priorities, workOrderApi, workTypes } from "./api";

/** A local date-time input's value as an ISO instant (the browser's zone), or undefined when empty. */
const instantOf = (value: string) => (value ? new Date(value).toISOString() : undefined);

/**
 * Staff: a new work order, from scratch or from a ticket (`?ticket=<id or number>`): the ticket's title
 * and customer come prefilled, and the job keeps the link so completing it can resolve the ticket.
 */
export function WorkOrderCreatePage() {
  useTitle(t("workOrders.create.title"));
  const navigate = useNavigate();
  const [params] = useSearchParams<{ ticket?: string }>();
  const ticket = createLoad(async () => (params.ticket ? ticketApi.get(params.ticket) : undefined), {
    key: () => params.ticket,
  });
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  const field = (path: string) => fieldMessage(failure(), path);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const number = (name: string) => (text(name) ? Number(text(name)) : undefined);
    const from = ticket.data();
    const line1 = text("line1");
    const body = {
      title: text("title"),
      description: text("description") || undefined,
      workType: text("workType"),
      priority: text("priority"),
      ticketId: from?.id,
      subscriberId: from?.subscriberId ?? undefined,
      personId: from?.personId ?? undefined,
      address: line1 ? { line1, city: text("city"), country: text("country") } : undefined,
      latitude: number("latitude"),
      longitude: number("longitude"),
      estimatedDurationMinutes: number("duration"),
      accessNotes: text("accessNotes") || undefined,
      tags: text("tags")
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
      scheduledStart: instantOf(text("scheduledStart")),
      scheduledEnd: instantOf(text("scheduledEnd")),
      windowStart: instantOf(text("windowStart")),
      windowEnd: instantOf(text("windowEnd")),
    };
    setBusy(true);
    setFailure(undefined);
    try {
      const created = await workOrderApi.create(body as CreateInput);
      navigate(`/work-orders/${created.id}`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const input = (name: string, label: string, type = "text", extra: Record<string, string> = {}) => (
    <label class="field">
      <span>{label}</span>
      <input
        name={name}
        type={type}
        aria-invalid={field(name) ? "true" : undefined}
        aria-describedby={field(name) ? `${name}-error` : undefined}
        {...extra}
      />
      <Show when={field(name)}>
        <span id={`${name}-error`} class="field-error">
          {field(name)}
        </span>
      </Show>
    </label>
  );

  return (
    <div class="page">
      <PageHeader
        title={t("workOrders.create.title")}
        sub={ticket.data() ? t("workOrders.create.fromTicket", { number: ticket.data()?.number ?? "" }) : undefined}
      />
      <ErrorAlert message={ticket.error()} />
      <Show when={!params.ticket || ticket.data()}>
        <form class="panel wo-form" onSubmit={submit} aria-label={t("workOrders.create.title")}>
          <ErrorAlert
            message={
              failure() === undefined
                ? undefined
                : failure() instanceof ApiError && (failure() as ApiError).fields.length > 0
                  ? t("workOrders.create.notCreated")
                  : errorMessage(failure())
            }
          />
          <label class="field">
            <span>{t("workOrders.jobTitle")}</span>
            <input name="title" required maxLength={300} value={ticket.data()?.title ?? ""} />
          </label>
          <label class="field">
            <span>{t("workOrders.create.description")}</span>
            <textarea name="description" rows={3} value={ticket.data()?.description ?? ""} />
          </label>
          <div class="field-row">
            <label class="field">
              <span>{t("workOrders.type")}</span>
              <select name="workType">
                <For each={workTypes}>
                  {(w) => (
                    <option value={w} selected={w === "repair"}>
                      {t(`workOrders.types.${w}`)}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <label class="field">
              <span>{t("workOrders.priority")}</span>
              <select name="priority">
                <For each={priorities}>
                  {(p) => (
                    <option value={p} selected={p === "medium"}>
                      {t(`workOrders.priorities.${p}`)}
                    </option>
                  )}
                </For>
              </select>
            </label>
            {input("duration", t("workOrders.create.duration"), "number", { min: "1", value: "60" })}
          </div>
          <div class="field-row">
            {input("line1", t("workOrders.create.address"))}
            {input("city", t("workOrders.create.city"))}
            {input("country", t("workOrders.create.country"), "text", { value: "NG" })}
          </div>
          <div class="field-row">
            {input("latitude", t("workOrders.create.latitude"), "number", { step: "any" })}
            {input("longitude", t("workOrders.create.longitude"), "number", { step: "any" })}
          </div>
          <div class="field-row">
            {input("scheduledStart", t("workOrders.create.start"), "datetime-local")}
            {input("scheduledEnd", t("workOrders.create.end"), "datetime-local")}
          </div>
          <div class="field-row">
            {input("windowStart", t("workOrders.create.windowStart"), "datetime-local")}
            {input("windowEnd", t("workOrders.create.windowEnd"), "datetime-local")}
          </div>
          <label class="field">
            <span>{t("workOrders.create.accessNotes")}</span>
            <textarea name="accessNotes" rows={2} />
          </label>
          {input("tags", t("workOrders.create.tags"), "text", { placeholder: t("workOrders.create.tagsHint") })}
          <div class="button-row">
            <button type="submit" class="btn btn-primary" disabled={busy()}>
              {busy() ? t("workOrders.create.busy") : t("workOrders.create.submit")}
            </button>
          </div>
        </form>
      </Show>
    </div>
  );
}
