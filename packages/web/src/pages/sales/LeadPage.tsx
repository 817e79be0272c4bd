import "./sales.css";
import { A, useParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { Badge, ErrorState, Panel, Skeleton } from "../../components/ui";
import { absoluteTime, formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type Lead, money, salesApi } from "./api";
import { statusTone } from "./LeadsPage";

/** One lead: its facts, the conversation it came from, and won / lost / reopen. */
export function LeadPage() {
  const params = useParams();
  const lead = createLoad(() => salesApi.get(params.id ?? ""), { key: () => params.id, keepOnError: true });
  useTitle(lead.data()?.number ?? t("sales.list.title"));
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  let lostDialog: HTMLDialogElement | undefined;
  const writer = () => can("crm:lead:write");

  const act = async (call: () => Promise<Lead>, said: (l: Lead) => string) => {
    setFailure(undefined);
    try {
      const l = await call();
      lead.mutate(l);
      setNotice(said(l));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  return (
    <div class="page sales-page">
      <Show
        when={lead.data()}
        fallback={
          <Show when={lead.error()} fallback={<Skeleton class="sales-lead-skeleton" />}>
            <ErrorState
              title={t("sales.lead.notFound")}
              detail={lead.error() ?? ""}
              onRetry={() => void lead.refresh()}
            />
          </Show>
        }
      >
        {(l) => (
          <>
            <PageHeader
              crumb={<A href="/sales">{t("sales.lead.back")}</A>}
              title={
                <>
                  <span class="mono">{l().number}</span> {l().title}
                </>
              }
              sub={<Badge tone={statusTone(l().status)}>{t(`sales.status.${l().status}`)}</Badge>}
              actions={
                <Show when={writer()}>
                  <Show
                    when={l().status !== "won" && l().status !== "lost"}
                    fallback={
                      <button
                        type="button"
                        class="btn btn-secondary"
                        onClick={() =>
                          act(
                            () => salesApi.reopen(l().id),
                            (x) => t("sales.lead.reopened", { number: x.number }),
                          )
                        }
                      >
                        {t("sales.lead.reopen")}
                      </button>
                    }
                  >
                    <button
                      type="button"
                      class="btn btn-primary"
                      onClick={() =>
                        act(
                          () => salesApi.won(l().id),
                          (x) => t("sales.lead.wonSaid", { number: x.number }),
                        )
                      }
                    >
                      {t("sales.lead.markWon")}
                    </button>
                    <button type="button" class="btn btn-secondary" onClick={() => lostDialog?.showModal()}>
                      {t("sales.lead.markLost")}
                    </button>
                  </Show>
                </Show>
              }
            />
            <Notice message={notice()} />
            <ErrorAlert message={failure()} />
            <Panel id="lead-facts" title={l().personName}>
              <dl class="sales-facts">
                <dt>{t("sales.lead.stage")}</dt>
                <dd>{l().stageName}</dd>
                <dt>{t("sales.lead.value")}</dt>
                <dd>{money(l().valueMinor, l().currency)}</dd>
                <dt>{t("sales.lead.probability")}</dt>
                <dd>{l().probability} %</dd>
                <dt>{t("sales.lead.expectedClose")}</dt>
                <dd>{l().expectedCloseDate ? formatDate(`${l().expectedCloseDate}T12:00:00Z`) : "—"}</dd>
                <dt>{t("sales.lead.owner")}</dt>
                <dd>{l().ownerName ?? t("sales.lead.nobody")}</dd>
                <dt>{t("sales.lead.source")}</dt>
                <dd>{t(`sales.source.${l().source}`)}</dd>
                <dt>{t("sales.lead.person")}</dt>
                <dd>
                  <Show when={can("crm:contact:read")} fallback={l().personName}>
                    <A href={`/people/${l().personId}`}>{l().personName}</A>
                  </Show>
                </dd>
                <dt>{t("sales.lead.conversation")}</dt>
                <dd>
                  <Show
                    when={l().conversationId}
                    fallback={<span class="muted">{t("sales.lead.noConversation")}</span>}
                  >
                    {(c) => <A href={`/inbox?c=${c()}`}>{t("sales.lead.openConversation")}</A>}
                  </Show>
                </dd>
                <Show when={l().lostReason}>
                  <dt>{t("sales.lead.lostReason")}</dt>
                  <dd>{l().lostReason}</dd>
                </Show>
                <dt>{t("sales.lead.created")}</dt>
                <dd>{absoluteTime(l().createdAt)}</dd>
              </dl>
              <Show when={l().notes}>
                <p class="sales-notes">{l().notes}</p>
              </Show>
            </Panel>
            <DialogForm
              id="lost-dialog"
              ref={(el) => {
                lostDialog = el;
              }}
              title={t("sales.lead.lostTitle", { number: l().number })}
              submitLabel={t("sales.lead.lostSubmit")}
              danger
              submit={async (form) => {
                const reason = String(new FormData(form).get("reason") ?? "");
                const x = await salesApi.lost(l().id, reason);
                lead.mutate(x);
                setNotice(t("sales.lead.lostSaid", { number: x.number }));
              }}
            >
              {(errors) => (
                <Field
                  id="lost-reason"
                  label={t("sales.lead.reason")}
                  hint={t("sales.lead.reasonHint")}
                  error={errors.field("reason")}
                >
                  {(aria) => <textarea {...aria} name="reason" rows="3" maxLength={500} />}
                </Field>
              )}
            </DialogForm>
          </>
        )}
      </Show>
    </div>
  );
}
