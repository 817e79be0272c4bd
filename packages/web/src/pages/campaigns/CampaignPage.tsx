import { A, useParams } from "@solidjs/router";
import { createEffect, createSignal, For, onCleanup, Show } from "solid-js";
import { errorMessage } from "../../api";
import { BarChart } from "../../components/charts/BarChart";
import { UserIcon } from "../../components/icons";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { type Column, DataTable } from "../../components/kit/DataTable";
import { PageHeader } from "../../components/kit/PageHeader";
import { type Campaign, campaignApi, type Recipient } from "../../components/marketing/api";
import { MarketingNav } from "../../components/marketing/MarketingNav";
import { Badge, Panel, type Tone } from "../../components/ui";
import { absoluteTime, dateTimeShort, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { statusTone } from "./CampaignsPage";
import { AudiencePreview } from "./SegmentFields";

const recipientTone: Record<Recipient["status"], Tone> = {
  pending: "info",
  sending: "warning",
  sent: "success",
  failed: "danger",
  skipped: "neutral",
};

/** A campaign: preview and send a draft; then its delivery chart and every recipient's status. */
export function CampaignPage() {
  const params = useParams();
  const campaign = createLoad(() => campaignApi.get(params.id as string), { key: () => params.id });
  const preview = createLoad(
    () => (campaign.data()?.status === "draft" ? campaignApi.preview(params.id as string) : Promise.resolve(undefined)),
    { key: () => campaign.data()?.status },
  );
  const recipients = createLoad(() => campaignApi.recipients(params.id as string), {
    key: () => `${params.id}:${campaign.data()?.status}`,
  });
  const [error, setError] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  useTitle(campaign.data()?.name ?? t("campaigns.list.title"));

  const act = async (run: () => Promise<Campaign>, message: (c: Campaign) => string) => {
    setBusy(true);
    setError(undefined);
    try {
      const next = await run();
      campaign.mutate(next);
      setNotice(message(next));
      void recipients.refresh();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  let at: HTMLInputElement | undefined;
  // While it goes out (or is due), the figures follow it: a refetch every 2 s, stopped once it is done.
  createEffect(() => {
    const c = campaign.data();
    const due = c?.status === "scheduled" && c.scheduledAt !== null && Date.parse(c.scheduledAt) <= Date.now() + 5000;
    if (c?.status !== "sending" && !due) return;
    const timer = setInterval(() => {
      void campaign.refresh();
      void recipients.refresh();
    }, 2000);
    onCleanup(() => clearInterval(timer));
  });

  const bars = () => {
    const s = campaign.data()?.stats;
    if (!s) return [];
    return (["sent", "opened", "clicked", "replied", "unsubscribed", "failed", "skipped"] as const).map((k) => ({
      key: k,
      label: t(`campaigns.detail.bars.${k}`),
      count: s[k],
    }));
  };
  const mark = (at: string | null) => (at ? dateTimeShort(at) : t("campaigns.detail.no"));
  const columns: Column<Recipient>[] = [
    { id: "name", header: t("campaigns.edit.person"), rowHeader: true, cell: (r) => r.name },
    { id: "address", header: t("campaigns.edit.address"), cell: (r) => r.address },
    { id: "step", header: t("campaigns.detail.step"), class: "num", cell: (r) => String(r.step + 1) },
    {
      id: "status",
      header: t("campaigns.list.status"),
      cell: (r) => (
        <span title={r.error ?? undefined}>
          <Badge tone={recipientTone[r.status]}>{t(`campaigns.recipientStatuses.${r.status}`)}</Badge>
        </span>
      ),
    },
    { id: "opened", header: t("campaigns.detail.opened"), cell: (r) => mark(r.openedAt) },
    { id: "clicked", header: t("campaigns.detail.clicked"), cell: (r) => mark(r.clickedAt) },
    { id: "replied", header: t("campaigns.detail.replied"), cell: (r) => mark(r.repliedAt) },
    { id: "unsubscribed", header: t("campaigns.detail.unsubscribed"), cell: (r) => mark(r.unsubscribedAt) },
  ];

  return (
    <>
      <PageHeader
        crumb={t("campaigns.list.title")}
        title={
          <>
            {campaign.data()?.name ?? "…"}{" "}
            <Show when={campaign.data()}>
              {(c) => <Badge tone={statusTone[c().status]}>{t(`campaigns.statuses.${c().status}`)}</Badge>}
            </Show>
          </>
        }
        sub={
          campaign.data()
            ? `${t(`campaigns.channels.${campaign.data()?.channel ?? "email"}`)} · ${campaign.data()?.segmentName}`
            : undefined
        }
        refreshedAt={campaign.refreshedAt()}
        onRefresh={() => {
          void campaign.refresh();
          void recipients.refresh();
        }}
        refreshing={campaign.loading()}
      />
      <MarketingNav />
      <ErrorAlert message={campaign.error() ?? error()} />
      <Notice message={notice()} />
      <Show when={campaign.data()}>
        {(c) => (
          <div class="mk-stack">
            <Show when={c().status === "draft"}>
              <Panel id="campaign-preview" title={t("campaigns.detail.preview")} sub={t("campaigns.detail.previewSub")}>
                <div class="mk-body">
                  <Show when={preview.data()}>
                    {(p) => (
                      <>
                        <AudiencePreview audience={p()} />
                        <Show when={p().message}>
                          {(m) => (
                            <div class="campaign-rendered">
                              <p>
                                <strong>{m().subject}</strong>
                              </p>
                              <Show when={m().html} fallback={<p class="pre-wrap">{m().text}</p>}>
                                {/* The email's own HTML, sandboxed: no script, no same-origin access. */}
                                <iframe
                                  class="campaign-frame"
                                  title={t("campaigns.detail.rendered")}
                                  sandbox=""
                                  srcdoc={m().html ?? ""}
                                />
                              </Show>
                            </div>
                          )}
                        </Show>
                      </>
                    )}
                  </Show>
                  <Show when={can("crm:campaign:write")}>
                    <div class="form-actions campaign-actions">
                      <button
                        type="button"
                        class="btn btn-primary"
                        disabled={busy()}
                        onClick={() =>
                          void act(
                            () => campaignApi.schedule(c().id),
                            () => t("campaigns.detail.sentNotice"),
                          )
                        }
                      >
                        {t("campaigns.detail.sendNow")}
                      </button>
                      <div class="field campaign-at">
                        <label for="campaign-at">{t("campaigns.detail.scheduleAt")}</label>
                        <input id="campaign-at" type="datetime-local" ref={at} />
                      </div>
                      <button
                        type="button"
                        class="btn btn-secondary"
                        disabled={busy()}
                        onClick={() => {
                          const value = at?.value;
                          if (!value) return;
                          void act(
                            () => campaignApi.schedule(c().id, new Date(value).toISOString()),
                            (next) =>
                              t("campaigns.detail.scheduledNotice", { at: absoluteTime(next.scheduledAt ?? value) }),
                          );
                        }}
                      >
                        {t("campaigns.detail.schedule")}
                      </button>
                    </div>
                  </Show>
                </div>
              </Panel>
            </Show>
            <Panel
              id="campaign-steps"
              title={t("campaigns.detail.steps")}
              actions={
                can("crm:campaign:write") && ["draft", "scheduled", "sending"].includes(c().status) ? (
                  <div class="inv-actions">
                    <Show when={c().status === "draft"}>
                      <A class="btn btn-secondary" href={`/campaigns/${c().id}/edit`}>
                        {t("campaigns.detail.editDraft")}
                      </A>
                    </Show>
                    <button
                      type="button"
                      class="btn btn-danger"
                      disabled={busy()}
                      onClick={() => {
                        if (window.confirm(t("campaigns.detail.cancelConfirm")))
                          void act(
                            () => campaignApi.cancel(c().id),
                            () => t("campaigns.statuses.cancelled"),
                          );
                      }}
                    >
                      {t("campaigns.detail.cancel")}
                    </button>
                  </div>
                ) : undefined
              }
            >
              <ol class="campaign-steps mk-body">
                <For each={c().steps}>
                  {(s) => (
                    <li>
                      <strong>{s.subject ?? s.templateName}</strong>{" "}
                      <span class="muted">
                        {s.position === 0 ? t("campaigns.detail.first") : t("campaigns.detail.delay", s.delayHours)}
                      </span>
                    </li>
                  )}
                </For>
              </ol>
            </Panel>
            <Show when={c().status !== "draft"}>
              <Panel id="campaign-stats" title={t("campaigns.detail.stats")}>
                <div class="mk-body">
                  <BarChart
                    id="campaign-stats-chart"
                    title={t("campaigns.detail.statsChart")}
                    unit={t("campaigns.detail.statsUnit")}
                    bars={bars()}
                    empty={t("campaigns.detail.statsEmpty")}
                  />
                </div>
              </Panel>
            </Show>
            <Panel
              id="campaign-recipients"
              title={t("campaigns.detail.recipients")}
              actions={
                <Show when={(recipients.data()?.items.length ?? 0) > 0}>
                  <a class="btn btn-secondary" href={campaignApi.recipientsCsvUrl(c().id)} download="">
                    {t("campaigns.detail.downloadCsv")}
                  </a>
                </Show>
              }
            >
              <DataTable
                class="campaign-recipients"
                labelledBy="campaign-recipients"
                columns={columns}
                rows={recipients.data()?.items}
                loading={recipients.loading() && !recipients.data()}
                error={recipients.error()}
                onRetry={() => void recipients.refresh()}
                rowKey={(r) => r.id}
                empty={{
                  icon: <UserIcon />,
                  title: t("campaigns.detail.recipientsEmpty"),
                  body: t("campaigns.detail.recipientsEmptyBody"),
                }}
              />
            </Panel>
          </div>
        )}
      </Show>
    </>
  );
}
