import { createResource, createSignal, Show } from "solid-js";
import { client, errorMessage, read } from "../../api";
import { BookIcon } from "../../components/icons";
import { Notice } from "../../components/kit/Alert";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { formatMoney } from "../../components/timecost/money";
import { Badge, Panel, type Tone } from "../../components/ui";
import { formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { can } from "../../session";
import { ExpenseDialog, type ExpenseRequest } from "./ExpenseDialog";

const endpoint = client.api.v1["expense-requests"];
const tones: Record<ExpenseRequest["status"], Tone> = {
  draft: "neutral",
  submitted: "info",
  approved: "success",
  rejected: "danger",
  paid: "success",
  canceled: "neutral",
};

const amount = (r: ExpenseRequest) => r.totals.map((x) => formatMoney(x.amountMinor, x.currency)).join(" + ");

/** Opens an item's receipt in a new tab through a one-minute signed link. */
async function openReceipt(r: ExpenseRequest) {
  const item = r.items.find((i) => i.receipt);
  if (!item) return;
  const link = await read(endpoint[":id"].items[":itemId"].receipt.$get({ param: { id: r.id, itemId: item.id } }));
  window.open(link.url, "_blank", "noopener");
}

/** Expenses: my requests (file with a receipt, submit, cancel) and, for managers, the approval queue. */
export function ExpensesPage() {
  useTitle(t("expenses.title"));
  const approver = () => can("operations:expense_request:approve");
  const [mine, { refetch: reloadMine }] = createResource(async () => read(endpoint.$get({ query: { scope: "mine" } })));
  const [queue, { refetch: reloadQueue }] = createResource(approver, async () =>
    read(endpoint.$get({ query: { scope: "queue" } })),
  );
  const [notice, setNotice] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [deciding, setDeciding] = createSignal<{ request: ExpenseRequest; verdict: "approve" | "reject" }>();
  let newDialog: HTMLDialogElement | undefined;
  let decideDialog: HTMLDialogElement | undefined;

  const reload = async () => {
    await reloadMine();
    if (approver()) await reloadQueue();
  };
  const act = async (run: () => Promise<ExpenseRequest>) => {
    setError(undefined);
    const r = await run();
    setNotice(t("expenses.decided", { number: r.number, status: t(`expenses.statuses.${r.status}`) }));
    await reload();
  };

  const receiptCell = (r: ExpenseRequest) =>
    r.items.some((i) => i.receipt) ? (
      <button
        type="button"
        class="btn btn-secondary btn-small"
        aria-label={t("expenses.viewReceiptNamed", { number: r.number })}
        onClick={() => void openReceipt(r).catch((e) => setError(errorMessage(e)))}
      >
        {t("expenses.viewReceipt")}
      </button>
    ) : (
      <span class="muted">{t("expenses.noReceipt")}</span>
    );

  const common: Column<ExpenseRequest>[] = [
    { id: "number", header: t("expenses.number"), rowHeader: true, cell: (r) => r.number },
    { id: "purpose", header: t("expenses.purpose"), class: "tk-wrap-cell", cell: (r) => r.purpose },
    { id: "amount", header: t("expenses.amount"), cell: amount },
    { id: "receipt", header: t("expenses.receipt"), cell: receiptCell },
  ];
  const status: Column<ExpenseRequest> = {
    id: "status",
    header: t("expenses.status"),
    cell: (r) => (
      <span title={r.decisionReason ?? undefined}>
        <Badge tone={tones[r.status]}>{t(`expenses.statuses.${r.status}`)}</Badge>
      </span>
    ),
  };

  const mineColumns: Column<ExpenseRequest>[] = [
    ...common,
    status,
    {
      id: "actions",
      header: t("expenses.actions"),
      cell: (r) => (
        <span class="button-row">
          <Show when={r.status === "draft"}>
            <button
              type="button"
              class="btn btn-secondary btn-small"
              aria-label={t("expenses.submitNamed", { number: r.number })}
              onClick={() =>
                void act(() => read(endpoint[":id"].submit.$post({ param: { id: r.id }, json: {} }))).catch((e) =>
                  setError(errorMessage(e)),
                )
              }
            >
              {t("expenses.submitOne")}
            </button>
          </Show>
          <Show when={r.status === "draft" || r.status === "submitted"}>
            <ConfirmAction
              label={t("expenses.cancel")}
              prompt={t("expenses.cancelPrompt", { number: r.number })}
              confirmLabel={t("expenses.cancel")}
              danger
              quiet
              small
              onError={(failure) => setError(errorMessage(failure))}
              run={() => act(() => read(endpoint[":id"].cancel.$post({ param: { id: r.id }, json: {} })))}
            />
          </Show>
        </span>
      ),
    },
  ];

  const queueColumns: Column<ExpenseRequest>[] = [
    common[0] as Column<ExpenseRequest>,
    { id: "requester", header: t("expenses.requester"), cell: (r) => r.requesterName ?? "—" },
    ...common.slice(1),
    {
      id: "submitted",
      header: t("expenses.submitted"),
      cell: (r) => (r.submittedAt ? formatDate(r.submittedAt) : "—"),
    },
    {
      id: "decide",
      header: t("expenses.actions"),
      cell: (r) => (
        <span class="button-row">
          <button
            type="button"
            class="btn btn-primary btn-small"
            aria-label={t("expenses.approveNamed", { number: r.number })}
            onClick={() => {
              setDeciding({ request: r, verdict: "approve" });
              decideDialog?.showModal();
            }}
          >
            {t("expenses.approve")}
          </button>
          <button
            type="button"
            class="btn btn-secondary btn-small"
            aria-label={t("expenses.rejectNamed", { number: r.number })}
            onClick={() => {
              setDeciding({ request: r, verdict: "reject" });
              decideDialog?.showModal();
            }}
          >
            {t("expenses.reject")}
          </button>
        </span>
      ),
    },
  ];

  return (
    <div class="page">
      <PageHeader
        title={t("expenses.title")}
        sub={t("expenses.sub")}
        actions={
          <Show when={can("operations:expense_request:write")}>
            <button type="button" class="btn btn-primary" onClick={() => newDialog?.showModal()}>
              {t("expenses.add")}
            </button>
          </Show>
        }
      />
      <Notice message={notice()} />
      <Show when={approver()}>
        <Panel id="exp-queue" title={t("expenses.queue")}>
          <DataTable
            class="exp-table"
            labelledBy="exp-queue"
            columns={queueColumns}
            rows={queue()?.items}
            rowKey={(r) => r.id}
            loading={queue.loading}
            error={queue.error ? errorMessage(queue.error) : undefined}
            errorTitle={t("expenses.loadFailed")}
            onRetry={() => void reloadQueue()}
            empty={{ icon: <BookIcon />, title: t("expenses.queueEmpty"), body: t("expenses.queueEmptyBody") }}
          />
        </Panel>
      </Show>
      <Panel id="exp-mine" title={t("expenses.mine")}>
        <DataTable
          class="exp-table"
          labelledBy="exp-mine"
          columns={mineColumns}
          rows={mine()?.items}
          rowKey={(r) => r.id}
          loading={mine.loading}
          error={mine.error ? errorMessage(mine.error) : error()}
          errorTitle={t("expenses.loadFailed")}
          onRetry={() => void reload()}
          empty={{ icon: <BookIcon />, title: t("expenses.empty"), body: t("expenses.emptyBody") }}
        />
      </Panel>
      <ExpenseDialog
        ref={(el) => {
          newDialog = el;
        }}
        onFiled={(r) => {
          setNotice(t("expenses.filed", { number: r.number }));
          void reload();
        }}
      />
      <DialogForm
        id="exp-decide"
        ref={(el) => {
          decideDialog = el;
        }}
        title={t("expenses.decide", { number: deciding()?.request.number ?? "" })}
        submitLabel={deciding()?.verdict === "reject" ? t("expenses.reject") : t("expenses.approve")}
        danger={deciding()?.verdict === "reject"}
        onClose={() => setDeciding(undefined)}
        submit={async (form) => {
          const current = deciding();
          if (!current) return;
          const reason = String(new FormData(form).get("reason") ?? "").trim();
          const param = { id: current.request.id };
          await act(() =>
            current.verdict === "approve"
              ? read(endpoint[":id"].approve.$post({ param, json: reason ? { reason } : {} }))
              : read(endpoint[":id"].reject.$post({ param, json: { reason } })),
          );
          form.reset();
        }}
      >
        {(errors) => (
          <Field
            id="exp-reason"
            label={deciding()?.verdict === "reject" ? t("expenses.reason") : t("expenses.reasonOptional")}
            hint={t("expenses.reasonHint")}
            error={errors.field("reason")}
          >
            {(aria) => <textarea {...aria} name="reason" maxLength={500} required={deciding()?.verdict === "reject"} />}
          </Field>
        )}
      </DialogForm>
    </div>
  );
}
