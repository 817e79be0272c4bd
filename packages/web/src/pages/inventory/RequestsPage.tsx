import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { BookIcon } from "../../components/icons";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { FilterBar } from "../../components/kit/FilterBar";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, Panel, type Tone } from "../../components/ui";
import { absoluteTime, formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { formValues, useUrlFilters } from "../../lib/url-filters";
import { can } from "../../session";
import { inventoryApi, type MaterialRequest, type RequestQuery } from "./api";
import { InventoryNav } from "./InventoryNav";

const keys = ["status"] as const;
const statuses = ["draft", "submitted", "approved", "rejected", "issued", "fulfilled", "canceled"] as const;
const tone: Record<MaterialRequest["status"], Tone> = {
  draft: "neutral",
  submitted: "info",
  approved: "warning",
  rejected: "danger",
  issued: "success",
  fulfilled: "success",
  canceled: "neutral",
};

/** Reject (with the reason the technician reads) or issue (with serials for serialized items). */
function DecisionDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  session: { request: MaterialRequest; action: "reject" | "issue" } | undefined;
  onDone: (r: MaterialRequest) => void;
}) {
  const submit = async (form: HTMLFormElement) => {
    const session = props.session;
    if (!session) return;
    const data = new FormData(form);
    if (session.action === "reject") {
      props.onDone(await inventoryApi.reject(session.request.id, String(data.get("note") ?? "").trim()));
      return;
    }
    const serials = session.request.items
      .filter((i) => i.serialized)
      .map((i) => ({
        itemId: i.itemId,
        serials: String(data.get(`serials-${i.itemId}`) ?? "")
          .split(/[\s,]+/)
          .filter(Boolean),
      }));
    props.onDone(await inventoryApi.issue(session.request.id, serials));
  };
  return (
    <DialogForm
      id="request-decision"
      ref={props.ref}
      title={
        props.session?.action === "reject"
          ? t("inventory.requests.rejectTitle", { number: props.session.request.number })
          : t("inventory.requests.issueTitle", { number: props.session?.request.number ?? "" })
      }
      intro={
        props.session?.action === "issue"
          ? t("inventory.requests.issueIntro", {
              from: props.session.request.fromLocationName,
              to: props.session.request.toLocationName,
            })
          : undefined
      }
      submitLabel={props.session?.action === "reject" ? t("inventory.requests.reject") : t("inventory.requests.issue")}
      danger={props.session?.action === "reject"}
      submit={submit}
    >
      {(errors) => (
        <Show when={props.session} keyed>
          {(session) => (
            <Show
              when={session.action === "issue"}
              fallback={
                <Field id="reject-note" label={t("inventory.requests.reason")} error={errors.field("note")}>
                  {(aria) => <textarea {...aria} name="note" required maxLength={2000} rows={3} />}
                </Field>
              }
            >
              <ul class="plain-list">
                <For each={session.request.items}>
                  {(i) => (
                    <li>{t("inventory.requests.line", { n: formatNumber(i.quantity), unit: i.unit, name: i.name })}</li>
                  )}
                </For>
              </ul>
              <For each={session.request.items.filter((i) => i.serialized)}>
                {(i) => (
                  <Field
                    id={`serials-${i.itemId}`}
                    label={t("inventory.requests.serialsFor", { name: i.name, n: formatNumber(i.quantity) })}
                    hint={t("inventory.requests.serialsHint")}
                    error={errors.field("serials")}
                  >
                    {(aria) => <input {...aria} name={`serials-${i.itemId}`} required autocomplete="off" />}
                  </Field>
                )}
              </For>
            </Show>
          )}
        </Show>
      )}
    </DialogForm>
  );
}

/** Technicians' material requests: approve or reject the submitted ones, issue the approved ones to the van. */
export function RequestsPage() {
  useTitle(t("inventory.requests.title"));
  const filters = useUrlFilters(keys);
  const list = createLoad(
    () => {
      const status = filters.values().status as RequestQuery["status"] | "";
      return inventoryApi.requests(status ? { status } : {});
    },
    { key: filters.values, keepOnError: true },
  );
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const [session, setSession] = createSignal<{ request: MaterialRequest; action: "reject" | "issue" }>();
  let dialog: HTMLDialogElement | undefined;
  const done = (r: MaterialRequest) => {
    setNotice(t("inventory.requests.done", { number: r.number, status: t(`inventory.status.${r.status}`) }));
    setFailure(undefined);
    void list.refresh();
  };
  const approve = async (r: MaterialRequest) => {
    try {
      done(await inventoryApi.approve(r.id));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  const open = (request: MaterialRequest, action: "reject" | "issue") => {
    setSession({ request, action });
    dialog?.showModal();
  };
  const columns: Column<MaterialRequest>[] = [
    { id: "number", header: t("inventory.requests.number"), rowHeader: true, class: "mono", cell: (r) => r.number },
    {
      id: "status",
      header: t("inventory.requests.status"),
      cell: (r) => <Badge tone={tone[r.status]}>{t(`inventory.status.${r.status}`)}</Badge>,
    },
    { id: "by", header: t("inventory.requests.requestedBy"), cell: (r) => r.requestedByName ?? "—" },
    {
      id: "items",
      header: t("inventory.requests.items"),
      class: "tk-wrap-cell",
      cell: (r) =>
        r.items
          .map((i) => t("inventory.requests.line", { n: formatNumber(i.quantity), unit: i.unit, name: i.name }))
          .join(", "),
    },
    { id: "route", header: t("inventory.requests.route"), cell: (r) => `${r.fromLocationName} → ${r.toLocationName}` },
    { id: "created", header: t("inventory.requests.created"), cell: (r) => absoluteTime(r.createdAt) },
    {
      id: "actions",
      header: <span class="sr-only">{t("inventory.requests.actions")}</span>,
      label: t("inventory.requests.actions"),
      cell: (r) => (
        <div class="inv-actions">
          <Show when={r.status === "submitted" && can("operations:material_request:approve")}>
            <button type="button" class="btn btn-primary btn-small" onClick={() => void approve(r)}>
              {t("inventory.requests.approveOne", { number: r.number })}
            </button>
            <button type="button" class="btn btn-secondary btn-small" onClick={() => open(r, "reject")}>
              {t("inventory.requests.rejectOne", { number: r.number })}
            </button>
          </Show>
          <Show when={r.status === "approved" && can("inventory:write")}>
            <button type="button" class="btn btn-primary btn-small" onClick={() => open(r, "issue")}>
              {t("inventory.requests.issueOne", { number: r.number })}
            </button>
          </Show>
        </div>
      ),
    },
  ];
  return (
    <div class="page">
      <PageHeader
        title={t("inventory.requests.title")}
        sub={t("inventory.requests.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={list.refresh}
        refreshing={list.loading()}
      />
      <InventoryNav />
      <FilterBar
        id="request-filters"
        label={t("inventory.requests.filters")}
        filtered={filters.isFiltered()}
        onSubmit={(form) => filters.apply(formValues(form, keys))}
        onClear={filters.clear}
      >
        <div class="field">
          <label for="rq-status">{t("inventory.requests.status")}</label>
          <select id="rq-status" name="status" value={filters.values().status}>
            <option value="">{t("inventory.requests.allStatuses")}</option>
            <For each={statuses}>{(s) => <option value={s}>{t(`inventory.status.${s}`)}</option>}</For>
          </select>
        </div>
      </FilterBar>
      <Notice message={notice()} />
      <ErrorAlert message={failure()} />
      <Panel id="requests-title" title={t("inventory.requests.title")}>
        <DataTable
          class="inventory-requests-table"
          labelledBy="requests-title"
          columns={columns}
          rows={list.data()?.items}
          loading={list.loading() && !list.data()}
          error={list.error()}
          onRetry={() => void list.refresh()}
          rowKey={(r) => r.id}
          empty={{ icon: <BookIcon />, title: t("inventory.requests.empty") }}
        />
      </Panel>
      <DecisionDialog
        ref={(el) => {
          dialog = el;
        }}
        session={session()}
        onDone={done}
      />
    </div>
  );
}
