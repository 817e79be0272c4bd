import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, onMount, Show } from "solid-js";
import { ApiError, errorMessage } from "../../../api";
import { AlertIcon } from "../../../components/icons";
import { PageHeader } from "../../../components/kit/PageHeader";
import {
  type Created,
  type CreateInput,
  type Customer,
  type StaffMember,
  type TicketType,
  ticketApi,
} from "../../../components/tickets/api";
import { Combobox } from "../../../components/tickets/Combobox";
import {
  channelLabel,
  customerKindLabel,
  defaultPriority,
  priorityLabel,
  ticketChannels,
  ticketPriorities,
} from "../../../components/tickets/labels";
import { searchCustomers, searchStaff } from "../../../components/tickets/staff";
import { useTeams } from "../../../components/tickets/teams";
import { useTitle } from "../../../format";
import { t } from "../../../i18n";
import { DuplicateWarning } from "./DuplicateWarning";
import { FieldMessage, Picked } from "./shared";

/** Opening a ticket for a customer, with the customer and assignee found by search. */
export function TicketCreatePage() {
  useTitle("New ticket");
  const navigate = useNavigate();
  const teams = useTeams();
  const [types, setTypes] = createSignal<TicketType[]>([]);
  const [typeId, setTypeId] = createSignal("");
  const [customer, setCustomer] = createSignal<Customer>();
  const [assignee, setAssignee] = createSignal<StaffMember>();
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  const [created, setCreated] = createSignal<Created>();
  let errorBox: HTMLDivElement | undefined;

  onMount(async () => {
    try {
      setTypes(await ticketApi.types());
    } catch (error) {
      setFailure(error);
    }
  });

  const needsSubscriber = () => types().find((t) => t.id === typeId())?.requiresSubscriber ?? false;
  const field = (path: string) =>
    failure() instanceof ApiError
      ? (failure() as ApiError).fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message
      : undefined;
  const customerError = () =>
    field("subscriberId") ??
    field("personId") ??
    field("organizationId") ??
    (needsSubscriber() && customer() && !customer()?.subscriberId
      ? "This type needs a subscriber: pick a subscriber, not a person or organisation"
      : undefined);
  const invalid = (path: string) => (field(path) ? "true" : undefined);
  const described = (path: string, hint?: string) =>
    [hint, field(path) ? `${path}-error` : ""].filter(Boolean).join(" ") || undefined;

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const due = text("dueAt");
    const chosen = customer();
    const body = {
      title: text("title"),
      description: text("description") || undefined,
      priority: text("priority"),
      ticketTypeId: text("ticketTypeId") || undefined,
      channel: text("channel") || undefined,
      tags: text("tags")
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
      region: text("region") || undefined,
      teamId: text("teamId") || undefined,
      subscriberId: chosen?.subscriberId,
      personId: chosen?.personId,
      organizationId: chosen?.organizationId,
      primaryAssigneeId: assignee()?.id,
      dueAt: due ? new Date(due).toISOString() : undefined,
    };
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await ticketApi.create(body as CreateInput);
      if (result.warnings.length > 0) {
        setCreated(result);
        window.scrollTo({ top: 0 });
      } else {
        navigate(`/tickets/${encodeURIComponent(result.ticket.number)}`);
      }
    } catch (error) {
      setFailure(error);
      queueMicrotask(() => errorBox?.focus());
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page tk-page">
      <PageHeader
        title={<>New ticket</>}
        sub={<>Find the customer first: an open ticket of theirs with the same type is flagged.</>}
      />

      <Show
        when={created()}
        fallback={
          <form class="panel tk-form" onSubmit={submit} noValidate={false} aria-label="New ticket">
            <Show when={failure()}>
              <div class="alert alert-error alert-row" role="alert" tabIndex={-1} ref={errorBox}>
                <AlertIcon />
                <span>
                  {failure() instanceof ApiError && (failure() as ApiError).fields.length > 0
                    ? "The ticket was not created: fix the fields marked below."
                    : errorMessage(failure())}
                </span>
              </div>
            </Show>
            <div class="field tk-span-2">
              <label for="title">Title</label>
              <input
                id="title"
                name="title"
                required
                maxLength={300}
                aria-invalid={invalid("title")}
                aria-describedby={described("title")}
              />
              <FieldMessage id="title-error" message={field("title")} />
            </div>
            <div class="field tk-span-2">
              <label for="description">Description</label>
              <textarea
                id="description"
                name="description"
                rows={5}
                maxLength={20000}
                aria-invalid={invalid("description")}
                aria-describedby={described("description")}
              />
              <FieldMessage id="description-error" message={field("description")} />
            </div>
            <div class="field">
              <label for="ticketTypeId">Type</label>
              <select
                id="ticketTypeId"
                name="ticketTypeId"
                value={typeId()}
                onChange={(e) => setTypeId(e.currentTarget.value)}
                aria-invalid={invalid("ticketTypeId")}
                aria-describedby={described("ticketTypeId")}
              >
                <option value="">No type</option>
                <For each={types()}>
                  {(t) => (
                    <option value={t.id}>
                      {t.name}
                      {t.requiresSubscriber ? " (needs a subscriber)" : ""}
                    </option>
                  )}
                </For>
              </select>
              <FieldMessage id="ticketTypeId-error" message={field("ticketTypeId")} />
            </div>
            <div class="field">
              <label for="priority">Priority</label>
              <select id="priority" name="priority" aria-describedby={described("priority")}>
                <For each={ticketPriorities}>
                  {(p) => (
                    <option value={p} selected={p === defaultPriority}>
                      {priorityLabel(p)}
                    </option>
                  )}
                </For>
              </select>
              <FieldMessage id="priority-error" message={field("priority")} />
            </div>
            <Show
              when={customer()}
              fallback={
                <div class="tk-span-2">
                  <Combobox
                    id="customer"
                    label={needsSubscriber() ? "Customer (subscriber required)" : "Customer"}
                    placeholder="Subscriber number, name, email or phone"
                    required={needsSubscriber()}
                    hint="Subscribers, people and organisations; type at least a few letters."
                    error={customerError()}
                    search={searchCustomers}
                    key={(c) => `${c.kind}:${c.id}`}
                    text={(c) => c.label}
                    detail={(c) => c.detail}
                    tag={(c) => customerKindLabel(c.kind)}
                    empty="No customer matches"
                    onPick={(c) => {
                      setCustomer(c);
                      setFailure(undefined);
                    }}
                  />
                </div>
              }
            >
              {(c) => (
                <div class="tk-span-2">
                  <Picked
                    id="customer"
                    label={needsSubscriber() ? "Customer (subscriber required)" : "Customer"}
                    error={customerError()}
                    onRemove={() => setCustomer(undefined)}
                  >
                    <span class="tk-combo-tag">{customerKindLabel(c().kind)}</span> <strong>{c().label}</strong>
                    <span class="sub">{c().detail}</span>
                  </Picked>
                </div>
              )}
            </Show>
            <Show
              when={assignee()}
              fallback={
                <Combobox
                  id="assignee"
                  label="Assignee"
                  placeholder="Name or email"
                  error={field("primaryAssigneeId")}
                  search={searchStaff}
                  key={(s) => s.id}
                  text={(s) => s.name}
                  detail={(s) => s.email}
                  empty="No staff user matches"
                  onPick={setAssignee}
                />
              }
            >
              {(a) => (
                <Picked
                  id="assignee"
                  label="Assignee"
                  error={field("primaryAssigneeId")}
                  onRemove={() => setAssignee(undefined)}
                >
                  <strong>{a().name}</strong>
                  <span class="sub">{a().email}</span>
                </Picked>
              )}
            </Show>
            <div class="field">
              <label for="channel">Channel</label>
              <select id="channel" name="channel">
                <For each={ticketChannels}>
                  {(c) => (
                    <option value={c} selected={c === "phone"}>
                      {channelLabel(c)}
                    </option>
                  )}
                </For>
              </select>
              <FieldMessage id="channel-error" message={field("channel")} />
            </div>
            <div class="field">
              <label for="teamId">{t("ticket.team")}</label>
              <select id="teamId" name="teamId" aria-invalid={invalid("teamId")} aria-describedby={described("teamId")}>
                <option value="">{t("ticket.noTeam")}</option>
                <For each={teams.teams()}>{(team) => <option value={team.id}>{team.name}</option>}</For>
              </select>
              <FieldMessage id="teamId-error" message={field("teamId")} />
            </div>
            <div class="field">
              <label for="region">Region</label>
              <input
                id="region"
                name="region"
                maxLength={100}
                aria-invalid={invalid("region")}
                aria-describedby={described("region")}
              />
              <FieldMessage id="region-error" message={field("region")} />
            </div>
            <div class="field">
              <label for="dueAt">Due</label>
              <input
                id="dueAt"
                name="dueAt"
                type="datetime-local"
                aria-invalid={invalid("dueAt")}
                aria-describedby={described("dueAt")}
              />
              <FieldMessage id="dueAt-error" message={field("dueAt")} />
            </div>
            <div class="field tk-span-2">
              <label for="tags">Tags</label>
              <input
                id="tags"
                name="tags"
                placeholder="outage, vip"
                aria-invalid={invalid("tags")}
                aria-describedby={described("tags", "tags-hint")}
              />
              <span id="tags-hint" class="field-hint">
                Separate tags with commas.
              </span>
              <FieldMessage id="tags-error" message={field("tags")} />
            </div>
            <div class="tk-form-actions tk-span-2">
              <A href="/tickets" class="btn btn-secondary">
                Cancel
              </A>
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {busy() ? "Creating…" : "Create ticket"}
              </button>
            </div>
          </form>
        }
      >
        {(result) => <DuplicateWarning created={result()} />}
      </Show>
    </div>
  );
}
