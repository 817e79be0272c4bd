import { useParams } from "@solidjs/router";
import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { ApiError, errorMessage } from "../../api";
import { BrokenLink, takeFragmentToken } from "../../components/account/password";
import { AuthCard } from "../../components/auth";
import { type Answer, type PublicSurvey, publicApi } from "../../components/marketing/api";
import { Spinner } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";

const scale = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/**
 * A survey answered without signing in: `/s/<slug>` (public) or `/survey#token=…` (a single-use
 * invitation; the token leaves the address bar at once). Ratings and NPS are radio groups (arrow keys
 * move between them); each invitation or opened form answers once.
 */
export function PublicSurveyPage() {
  const params = useParams();
  const slug = params.slug;
  const token = slug ? undefined : takeFragmentToken();
  const [survey, setSurvey] = createSignal<PublicSurvey>();
  const [loadError, setLoadError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  useTitle(survey()?.name ?? t("campaigns.surveys.name"));

  onMount(async () => {
    if (!slug && !token) return setLoadError(t("campaigns.answer.broken"));
    try {
      setSurvey(await publicApi.lookup(slug ? { slug } : { token }));
    } catch (failure) {
      setLoadError(
        failure instanceof ApiError && failure.status === 404 ? t("campaigns.answer.broken") : errorMessage(failure),
      );
    }
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const current = survey();
    if (!current || busy()) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const answers: Answer[] = [];
    for (const q of current.questions) {
      const value = String(data.get(`q-${q.id}`) ?? "").trim();
      if (!value) {
        if (q.required) return setError(`${t("campaigns.answer.pick")}: ${q.label}`);
        continue;
      }
      answers.push(
        q.kind === "rating" || q.kind === "nps"
          ? { questionId: q.id, score: Number(value) }
          : q.kind === "choice"
            ? { questionId: q.id, choice: value }
            : { questionId: q.id, text: value },
      );
    }
    setBusy(true);
    setError(undefined);
    try {
      await publicApi.respond({
        ...(slug ? { slug, formToken: current.formToken ?? undefined } : { token }),
        answers,
      });
      setSurvey({ ...current, state: "answered" });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard
      portal="customer"
      title={survey()?.name ?? t("campaigns.surveys.name")}
      sub={survey()?.description ?? undefined}
      wide
    >
      <Switch>
        <Match when={loadError()}>
          <BrokenLink>{loadError()}</BrokenLink>
        </Match>
        <Match when={!survey()}>
          <p class="confirm-loading" role="status">
            <Spinner />
            {t("campaigns.answer.checking")}
          </p>
        </Match>
        <Match when={survey()?.state === "answered"}>
          <p class="alert alert-success confirm-done" role="status">
            {t("campaigns.answer.answered")}
          </p>
        </Match>
        <Match when={survey()?.state === "expired" || survey()?.state === "closed"}>
          <p class="alert alert-info confirm-done" role="status">
            {survey()?.state === "expired" ? t("campaigns.answer.expired") : t("campaigns.answer.closed")}
          </p>
        </Match>
        <Match when={survey()}>
          {(s) => (
            <form class="form public-survey" onSubmit={submit} novalidate>
              <For each={s().questions}>
                {(q) => (
                  <Switch>
                    <Match when={q.kind === "text"}>
                      <div class="field">
                        <label for={`q-${q.id}`}>
                          {q.label} <Show when={!q.required}>{t("campaigns.answer.optional")}</Show>
                        </label>
                        <textarea id={`q-${q.id}`} name={`q-${q.id}`} rows="3" maxlength="2000" />
                      </div>
                    </Match>
                    <Match when={q.kind === "choice"}>
                      <fieldset class="field tk-fieldset">
                        <legend>{q.label}</legend>
                        <For each={q.options ?? []}>
                          {(o) => (
                            <label class="check">
                              <input class="check-box" type="radio" name={`q-${q.id}`} value={o} />
                              {o}
                            </label>
                          )}
                        </For>
                      </fieldset>
                    </Match>
                    <Match when={true}>
                      <fieldset class="field tk-fieldset survey-scale">
                        <legend>{q.label}</legend>
                        <div class="survey-scale-row">
                          <For each={q.kind === "nps" ? scale(0, 10) : scale(1, 5)}>
                            {(v) => (
                              <label class="survey-scale-option">
                                <input type="radio" name={`q-${q.id}`} value={v} />
                                <span>{v}</span>
                              </label>
                            )}
                          </For>
                        </div>
                        <Show when={q.kind === "nps"}>
                          <p class="survey-scale-ends muted">
                            <span>{t("campaigns.answer.npsLow")}</span>
                            <span>{t("campaigns.answer.npsHigh")}</span>
                          </p>
                        </Show>
                      </fieldset>
                    </Match>
                  </Switch>
                )}
              </For>
              <Show when={error()}>
                <div class="alert alert-error" role="alert">
                  {error()}
                </div>
              </Show>
              <button type="submit" class="btn btn-primary btn-block" disabled={busy()} aria-busy={busy()}>
                <Show when={busy()} fallback={t("campaigns.answer.send")}>
                  <Spinner />
                  {t("campaigns.answer.sending")}
                </Show>
              </button>
            </form>
          )}
        </Match>
      </Switch>
    </AuthCard>
  );
}
