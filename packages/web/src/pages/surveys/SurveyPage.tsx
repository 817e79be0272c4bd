import { useParams } from "@solidjs/router";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { errorMessage } from "../../api";
import { BarChart } from "../../components/charts/BarChart";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { type Results, type Survey, surveyApi } from "../../components/marketing/api";
import { MarketingNav } from "../../components/marketing/MarketingNav";
import { Badge, Panel } from "../../components/ui";
import { dateTimeShort, formatNumber, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { surveyTone } from "./SurveysPage";

type QuestionResult = Results["questions"][number];

/** One question's chart: rating and NPS distributions, the NPS score and groups, choice counts, comments. */
function QuestionChart(props: { q: QuestionResult; index: number }) {
  const id = () => `survey-q-${props.index}`;
  return (
    <Panel
      id={`${id()}-title`}
      title={props.q.label}
      sub={
        props.q.nps
          ? t("campaigns.surveys.npsScore", { score: String(props.q.nps.score) })
          : props.q.average !== null
            ? t("campaigns.surveys.average", { value: String(props.q.average) })
            : undefined
      }
    >
      <div class="mk-body">
        <Switch>
          <Match when={props.q.kind === "text"}>
            <Show when={props.q.texts.length > 0} fallback={<p class="muted">{t("campaigns.surveys.noComments")}</p>}>
              <ul class="survey-comments">
                <For each={props.q.texts}>
                  {(c) => (
                    <li>
                      <blockquote>{c.text}</blockquote>
                      <span class="muted">{dateTimeShort(c.at)}</span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </Match>
          <Match when={props.q.kind === "choice"}>
            <BarChart
              id={`${id()}-choices`}
              title={t("campaigns.surveys.distribution", { label: props.q.label })}
              caption=" "
              unit={t("campaigns.surveys.unit")}
              bars={props.q.choices.map((c) => ({ key: c.value, label: c.value, count: c.count }))}
              empty={t("campaigns.surveys.noAnswers")}
            />
          </Match>
          <Match when={props.q.kind === "rating" || props.q.kind === "nps"}>
            <Show when={props.q.nps}>
              {(nps) => (
                <div class="survey-nps">
                  <p class="survey-nps-score" aria-hidden="true">
                    {formatNumber(nps().score)}
                  </p>
                  <BarChart
                    id={`${id()}-nps`}
                    title={t("campaigns.surveys.npsParts", { label: props.q.label })}
                    caption=" "
                    unit={t("campaigns.surveys.unit")}
                    tone="team"
                    bars={[
                      { key: "promoters", label: t("campaigns.surveys.promoters"), count: nps().promoters },
                      { key: "passives", label: t("campaigns.surveys.passives"), count: nps().passives },
                      { key: "detractors", label: t("campaigns.surveys.detractors"), count: nps().detractors },
                    ]}
                    empty={t("campaigns.surveys.noAnswers")}
                  />
                </div>
              )}
            </Show>
            <BarChart
              id={`${id()}-dist`}
              title={t("campaigns.surveys.distribution", { label: props.q.label })}
              caption=" "
              unit={t("campaigns.surveys.unit")}
              bars={props.q.distribution.map((d) => ({ key: d.value, label: d.value, count: d.count }))}
              empty={t("campaigns.surveys.noAnswers")}
            />
          </Match>
        </Switch>
      </div>
    </Panel>
  );
}

/** A survey: its status and public link, and its results as charts with the free-text answers. */
export function SurveyPage() {
  const params = useParams();
  const survey = createLoad(() => surveyApi.get(params.id as string), { key: () => params.id });
  const results = createLoad(() => surveyApi.results(params.id as string), { key: () => params.id });
  const [error, setError] = createSignal<string>();
  useTitle(survey.data()?.name ?? t("campaigns.surveys.title"));
  const move = async (status: Survey["status"]) => {
    setError(undefined);
    try {
      survey.mutate(await surveyApi.setStatus(params.id as string, status));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const publicLink = () => `${window.location.origin}/s/${survey.data()?.slug}`;
  const next = (): { status: Survey["status"]; label: string }[] => {
    switch (survey.data()?.status) {
      case "draft":
        return [{ status: "active", label: t("campaigns.surveys.activate") }];
      case "active":
        return [
          { status: "paused", label: t("campaigns.surveys.pause") },
          { status: "closed", label: t("campaigns.surveys.close") },
        ];
      case "paused":
        return [
          { status: "active", label: t("campaigns.surveys.resume") },
          { status: "closed", label: t("campaigns.surveys.close") },
        ];
      default:
        return [];
    }
  };
  return (
    <>
      <PageHeader
        crumb={t("campaigns.surveys.title")}
        title={
          <>
            {survey.data()?.name ?? "…"}{" "}
            <Show when={survey.data()}>
              {(s) => <Badge tone={surveyTone[s().status]}>{t(`campaigns.surveys.statuses.${s().status}`)}</Badge>}
            </Show>
          </>
        }
        sub={survey.data() ? t(`campaigns.surveys.triggers.${survey.data()?.trigger ?? "manual"}`) : undefined}
        refreshedAt={results.refreshedAt()}
        onRefresh={() => void results.refresh()}
        refreshing={results.loading()}
        actions={
          <Show when={can("crm:campaign:write")}>
            <For each={next()}>
              {(n) => (
                <button type="button" class="btn btn-secondary" onClick={() => void move(n.status)}>
                  {n.label}
                </button>
              )}
            </For>
          </Show>
        }
      />
      <MarketingNav />
      <ErrorAlert message={survey.error() ?? results.error() ?? error()} />
      <Show when={survey.data()?.isPublic}>
        <p class="survey-link">
          {t("campaigns.surveys.publicLink")}: <a href={publicLink()}>{publicLink()}</a>
        </p>
      </Show>
      <Show when={results.data()}>
        {(r) => (
          <>
            <h2 class="section-title">
              {t("campaigns.surveys.results")} · {t("campaigns.surveys.resultsSub", r().responses)}
            </h2>
            <p class="muted">
              {t("campaigns.surveys.invitations", {
                sent: formatNumber(r().invitations.sent),
                answered: formatNumber(r().invitations.answered),
                expired: formatNumber(r().invitations.expired),
              })}
            </p>
            <div class="survey-results">
              <For each={r().questions}>{(q, i) => <QuestionChart q={q} index={i()} />}</For>
            </div>
          </>
        )}
      </Show>
    </>
  );
}
