import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { ApiError, errorMessage } from "../../../api";
import { AlertIcon } from "../../../components/icons";
import { ErrorAlert } from "../../../components/kit/Alert";
import { DateInput } from "../../../components/kit/DateInput";
import { Field } from "../../../components/kit/DialogForm";
import { PageHeader } from "../../../components/kit/PageHeader";
import {
  type Created,
  type CreateInput,
  type Customer,
  type StaffMember,
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
import { createLoad } from "../../../lib/load";
import { DuplicateWarning } from "./DuplicateWarning";
import { Picked } from "./shared";

/** Opening a ticket for a customer, with the customer and assignee found by search. */
export function TicketCreatePage() {
  useTitle(t("ticketCreate.title"));
  const navigate = useNavigate();
  const teams = useTeams();
  const typeList = createLoad(() => ticketApi.types());
  const types = () => typeList.data() ?? [];
  const [typeId, setTypeId] = createSignal("");
  const [customer, setCustomer] = createSignal<Customer>();
  const [assignee, setAssignee] = createSignal<StaffMember>();
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  const [created, setCreated] = createSignal<Created>();
  let errorBox: HTMLDivElement | undefined;

  const needsSubscriber = () => types().find((type) => type.id === typeId())?.requiresSubscriber ?? false;
  const field = (path: string) =>
    failure() instanceof ApiError
      ? (failure() as ApiError).fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message
      : undefined;
  const customerError = () =>
    field("subscriberId") ??
    field("personId") ??
    field("organizationId") ??
    (needsSubscriber() && customer() && !customer()?.subscriberId ? t("ticketCreate.subscriberNeeded") : undefined);
  const customerLabel = () => (needsSubscriber() ? t("ticketCreate.customerRequired") : t("ticketCreate.customer"));

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
        .map((tag) => tag.trim())
        .filter(Boolean),
      region: text("region") || undefined,
      teamId: text("teamId") || undefined,
      subscriberId: chosen?.subscriberId,
      personId: chosen?.personId,
      organizationId: chosen?.organizationId,
      primaryAssigneeId: assignee()?.id,
      dueAt: due || undefined,
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
      <PageHeader title={t("ticketCreate.title")} sub={t("ticketCreate.sub")} />
      <ErrorAlert message={typeList.error() && t("ticketCreate.typesFailed", { error: typeList.error() ?? "" })} />

      <Show
        when={created()}
        fallback={
          <form class="panel tk-form" onSubmit={submit} noValidate={false} aria-label={t("ticketCreate.title")}>
            <Show when={failure()}>
              <div class="alert alert-error alert-row" role="alert" tabIndex={-1} ref={errorBox}>
                <AlertIcon />
                <span>
                  {failure() instanceof ApiError && (failure() as ApiError).fields.length > 0
                    ? t("ticketCreate.notCreated")
                    : errorMessage(failure())}
                </span>
              </div>
            </Show>
            <Field id="title" class="tk-span-2" label={t("ticketCreate.titleLabel")} error={field("title")}>
              {(aria) => <input {...aria} name="title" required maxLength={300} />}
            </Field>
            <Field
              id="description"
              class="tk-span-2"
              label={t("ticketCreate.description")}
              error={field("description")}
            >
              {(aria) => <textarea {...aria} name="description" rows={5} maxLength={20000} />}
            </Field>
            <Field id="ticketTypeId" label={t("ticketCreate.type")} error={field("ticketTypeId")}>
              {(aria) => (
                <select
                  {...aria}
                  name="ticketTypeId"
                  value={typeId()}
                  onChange={(e) => setTypeId(e.currentTarget.value)}
                >
                  <option value="">{t("ticketCreate.noType")}</option>
                  <For each={types()}>
                    {(type) => (
                      <option value={type.id}>
                        {type.requiresSubscriber ? t("ticketCreate.needsSubscriber", { name: type.name }) : type.name}
                      </option>
                    )}
                  </For>
                </select>
              )}
            </Field>
            <Field id="priority" label={t("ticketCreate.priority")} error={field("priority")}>
              {(aria) => (
                <select {...aria} name="priority">
                  <For each={ticketPriorities}>
                    {(p) => (
                      <option value={p} selected={p === defaultPriority}>
                        {priorityLabel(p)}
                      </option>
                    )}
                  </For>
                </select>
              )}
            </Field>
            <Show
              when={customer()}
              fallback={
                <div class="tk-span-2">
                  <Combobox
                    id="customer"
                    label={customerLabel()}
                    placeholder={t("ticketCreate.customerPlaceholder")}
                    required={needsSubscriber()}
                    hint={t("ticketCreate.customerHint")}
                    error={customerError()}
                    search={searchCustomers}
                    key={(c) => `${c.kind}:${c.id}`}
                    text={(c) => c.label}
                    detail={(c) => c.detail}
                    tag={(c) => customerKindLabel(c.kind)}
                    empty={t("ticketCreate.noCustomer")}
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
                    label={customerLabel()}
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
                  label={t("ticketCreate.assignee")}
                  placeholder={t("ticketCreate.assigneePlaceholder")}
                  error={field("primaryAssigneeId")}
                  search={searchStaff}
                  key={(s) => s.id}
                  text={(s) => s.name}
                  detail={(s) => s.email}
                  empty={t("ticketCreate.noStaff")}
                  onPick={setAssignee}
                />
              }
            >
              {(a) => (
                <Picked
                  id="assignee"
                  label={t("ticketCreate.assignee")}
                  error={field("primaryAssigneeId")}
                  onRemove={() => setAssignee(undefined)}
                >
                  <strong>{a().name}</strong>
                  <span class="sub">{a().email}</span>
                </Picked>
              )}
            </Show>
            <Field id="channel" label={t("ticketCreate.channel")} error={field("channel")}>
              {(aria) => (
                <select {...aria} name="channel">
                  <For each={ticketChannels}>
                    {(c) => (
                      <option value={c} selected={c === "phone"}>
                        {channelLabel(c)}
                      </option>
                    )}
                  </For>
                </select>
              )}
            </Field>
            <Field id="teamId" label={t("ticketCreate.team")} error={field("teamId")}>
              {(aria) => (
                <select {...aria} name="teamId">
                  <option value="">{t("ticket.noTeam")}</option>
                  <For each={teams.teams()}>{(team) => <option value={team.id}>{team.name}</option>}</For>
                </select>
              )}
            </Field>
            <Field id="region" label={t("ticketCreate.region")} error={field("region")}>
              {(aria) => <input {...aria} name="region" maxLength={100} />}
            </Field>
            <Field id="dueAt" label={t("ticketCreate.due")} error={field("dueAt")}>
              {(aria) => (
                <DateInput id={aria.id} name="dueAt" kind="datetime" value="" describedBy={aria["aria-describedby"]} />
              )}
            </Field>
            <Field
              id="tags"
              class="tk-span-2"
              label={t("ticketCreate.tags")}
              hint={t("ticketCreate.tagsHint")}
              error={field("tags")}
            >
              {(aria) => <input {...aria} name="tags" placeholder={t("ticketCreate.tagsPlaceholder")} />}
            </Field>
            <div class="tk-form-actions tk-span-2">
              <A href="/tickets" class="btn btn-secondary">
                {t("ticketCreate.cancel")}
              </A>
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {busy() ? t("ticketCreate.busy") : t("ticketCreate.submit")}
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
