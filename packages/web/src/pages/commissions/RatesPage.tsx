import { createSignal, Show } from "solid-js";
import { errorMessage } from "../../api";
import { parsePercent, percent } from "../../components/commissions/Totals";
import { BookIcon } from "../../components/icons";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { commissionApi, type Rate } from "./api";
import { CommissionsNav } from "./CommissionsNav";

/** The default rate and each reseller's own rate, in percent with at most two decimals. */
export function RatesPage() {
  useTitle(t("commissions.rates.title"));
  const rates = createLoad(() => commissionApi.rates());
  const settings = createLoad(() => commissionApi.settings());
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const [editing, setEditing] = createSignal<Rate>();
  let dialog: HTMLDialogElement | undefined;
  const writer = () => can("operations:reseller:write");

  const saveDefault = async (form: HTMLFormElement) => {
    const bp = parsePercent(String(new FormData(form).get("defaultRate") ?? ""));
    if (bp === undefined) {
      setFailure(t("commissions.rates.badPercent"));
      return;
    }
    try {
      await commissionApi.updateSettings(bp);
      setNotice(t("commissions.rates.saved"));
      setFailure(undefined);
      void settings.refresh();
      void rates.refresh();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  const columns: Column<Rate>[] = [
    { id: "name", header: t("commissions.col.organisation"), rowHeader: true, cell: (r) => r.name },
    {
      id: "own",
      header: t("commissions.col.ownRate"),
      class: "num",
      cell: (r) => {
        if (r.ownRateBp !== null) return percent(r.ownRateBp);
        // A sub-reseller without a rate earns its nearest ancestor's, else the default.
        const parent = rates.data()?.items.find((x) => x.organizationId === r.inheritedFromId);
        return (
          <span class="muted">
            {parent ? t("commissions.rates.inherits", { name: parent.name }) : t("commissions.rates.usesDefault")}
          </span>
        );
      },
    },
    { id: "effective", header: t("commissions.col.effective"), class: "num", cell: (r) => percent(r.effectiveRateBp) },
    {
      id: "actions",
      header: <span class="sr-only">{t("commissions.col.actions")}</span>,
      label: t("commissions.col.actions"),
      cell: (r) => (
        <Show when={writer()}>
          <button
            type="button"
            class="btn btn-secondary btn-small"
            onClick={() => {
              setEditing(r);
              dialog?.showModal();
            }}
          >
            {t("commissions.rates.edit", { name: r.name })}
          </button>
        </Show>
      ),
    },
  ];

  return (
    <div class="page">
      <PageHeader
        title={t("commissions.rates.title")}
        sub={t("commissions.rates.sub")}
        refreshedAt={rates.refreshedAt()}
        onRefresh={rates.refresh}
        refreshing={rates.loading()}
      />
      <CommissionsNav />
      <Notice message={notice()} />
      <ErrorAlert message={failure()} />
      <Panel id="default-rate-title" title={t("commissions.rates.defaultTitle")}>
        <Show when={settings.data()} keyed>
          {(s) => (
            <form
              class="filter-bar rate-form"
              onSubmit={(e) => {
                e.preventDefault();
                void saveDefault(e.currentTarget);
              }}
            >
              <div class="field">
                <label for="default-rate">{t("commissions.rates.defaultLabel")}</label>
                <input
                  id="default-rate"
                  name="defaultRate"
                  inputmode="decimal"
                  required
                  disabled={!writer()}
                  value={percent(s.defaultRateBp).replace(" %", "")}
                  aria-describedby="default-rate-hint"
                />
                <span id="default-rate-hint" class="field-hint">
                  {t("commissions.rates.defaultHint")}
                </span>
              </div>
              <Show when={writer()}>
                <div class="filter-actions">
                  <button type="submit" class="btn btn-primary">
                    {t("commissions.rates.save")}
                  </button>
                </div>
              </Show>
            </form>
          )}
        </Show>
      </Panel>
      <Panel id="reseller-rates-title" title={t("commissions.rates.resellers")}>
        <DataTable
          class="rates-table"
          labelledBy="reseller-rates-title"
          columns={columns}
          rows={rates.data()?.items}
          loading={rates.loading() && !rates.data()}
          error={rates.error()}
          onRetry={() => void rates.refresh()}
          rowKey={(r) => r.organizationId}
          empty={{ icon: <BookIcon />, title: t("commissions.rates.empty") }}
        />
      </Panel>
      <DialogForm
        id="rate-edit"
        ref={(el) => {
          dialog = el;
        }}
        title={t("commissions.rates.editTitle", { name: editing()?.name ?? "" })}
        submitLabel={t("commissions.rates.save")}
        submit={async (form) => {
          const r = editing();
          if (!r) return;
          const text = String(new FormData(form).get("rate") ?? "").trim();
          const bp = text === "" ? null : parsePercent(text);
          if (bp === undefined) throw invalid("rateBp", t("commissions.rates.badPercent"));
          await commissionApi.setRate(r.organizationId, bp);
          setNotice(t("commissions.rates.saved"));
          void rates.refresh();
        }}
      >
        {(errors) => (
          <Show when={editing()} keyed>
            {(r) => (
              <Field
                id="rate-input"
                label={t("commissions.rates.rateLabel")}
                hint={t("commissions.rates.rateHint")}
                error={errors.field("rateBp")}
              >
                {(aria) => (
                  <input
                    {...aria}
                    name="rate"
                    inputmode="decimal"
                    autocomplete="off"
                    value={r.ownRateBp === null ? "" : percent(r.ownRateBp).replace(" %", "")}
                  />
                )}
              </Field>
            )}
          </Show>
        )}
      </DialogForm>
    </div>
  );
}
