import { useNavigate } from "@solidjs/router";
import { createSignal, For, Index, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { type SurveyCreate, surveyApi } from "../../components/marketing/api";
import { MarketingNav } from "../../components/marketing/MarketingNav";
import { Panel, Spinner } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";

const kinds = ["rating", "nps", "choice", "text"] as const;
const triggers = ["manual", "ticket_closed", "work_order_completed"] as const;
type Kind = (typeof kinds)[number];
interface Draft {
  kind: Kind;
  label: string;
  options: string;
  required: boolean;
}

/** Writes a draft survey: its questions (rating, NPS, multiple choice, free text), public link and trigger. */
export function SurveyEditPage() {
  useTitle(t("campaigns.surveys.editTitle"));
  const navigate = useNavigate();
  const [questions, setQuestions] = createSignal<Draft[]>([{ kind: "rating", label: "", options: "", required: true }]);
  const [error, setError] = createSignal<unknown>();
  const [busy, setBusy] = createSignal(false);
  const update = (i: number, patch: Partial<Draft>) =>
    setQuestions((all) => all.map((q, j) => (j === i ? { ...q, ...patch } : q)));

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy()) return;
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const description = String(data.get("description") ?? "").trim();
    const json: SurveyCreate = {
      name: String(data.get("name") ?? "").trim(),
      ...(description ? { description } : {}),
      isPublic: data.get("isPublic") === "on",
      trigger: String(data.get("trigger")) as SurveyCreate["trigger"],
      questions: questions().map((q) => ({
        kind: q.kind,
        label: q.label.trim(),
        required: q.required,
        ...(q.kind === "choice"
          ? {
              options: q.options
                .split("\n")
                .map((o) => o.trim())
                .filter(Boolean),
            }
          : {}),
      })),
    };
    setBusy(true);
    setError(undefined);
    try {
      const created = await surveyApi.create(json);
      navigate(`/surveys/${created.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={t("campaigns.surveys.editTitle")} sub={t("campaigns.surveys.editSub")} />
      <MarketingNav />
      <form class="form survey-form" onSubmit={submit} novalidate>
        <Panel id="survey-settings" title={t("campaigns.surveys.name")}>
          <div class="mk-body">
            <div class="field">
              <label for="survey-name">{t("campaigns.surveys.name")}</label>
              <input id="survey-name" name="name" required maxLength={200} />
            </div>
            <div class="field">
              <label for="survey-description">{t("campaigns.surveys.description")}</label>
              <textarea id="survey-description" name="description" rows="2" maxLength={2000} />
            </div>
            <div class="field">
              <label for="survey-trigger">{t("campaigns.surveys.trigger")}</label>
              <select id="survey-trigger" name="trigger">
                <For each={triggers}>{(tr) => <option value={tr}>{t(`campaigns.surveys.triggers.${tr}`)}</option>}</For>
              </select>
            </div>
            <label class="check">
              <input class="check-box" type="checkbox" name="isPublic" />
              {t("campaigns.surveys.isPublic")}
            </label>
          </div>
        </Panel>
        <Panel id="survey-questions" title={t("campaigns.surveys.questions")}>
          <div class="mk-body">
            <Index each={questions()}>
              {(q, i) => (
                <fieldset class="field tk-fieldset survey-question">
                  <legend>{t("campaigns.surveys.question", { n: String(i + 1) })}</legend>
                  <div class="field">
                    <label for={`q-${i}-kind`}>{t("campaigns.surveys.kind")}</label>
                    <select
                      id={`q-${i}-kind`}
                      value={q().kind}
                      onChange={(e) => update(i, { kind: e.currentTarget.value as Kind })}
                    >
                      <For each={kinds}>{(k) => <option value={k}>{t(`campaigns.surveys.kinds.${k}`)}</option>}</For>
                    </select>
                  </div>
                  <div class="field">
                    <label for={`q-${i}-label`}>{t("campaigns.surveys.label")}</label>
                    <input
                      id={`q-${i}-label`}
                      maxLength={500}
                      value={q().label}
                      onInput={(e) => update(i, { label: e.currentTarget.value })}
                    />
                  </div>
                  <Show when={q().kind === "choice"}>
                    <div class="field">
                      <label for={`q-${i}-options`}>{t("campaigns.surveys.options")}</label>
                      <textarea
                        id={`q-${i}-options`}
                        rows="3"
                        value={q().options}
                        aria-describedby={`q-${i}-options-hint`}
                        onInput={(e) => update(i, { options: e.currentTarget.value })}
                      />
                      <span id={`q-${i}-options-hint`} class="field-hint">
                        {t("campaigns.surveys.optionsHint")}
                      </span>
                    </div>
                  </Show>
                  <label class="check">
                    <input
                      class="check-box"
                      type="checkbox"
                      checked={q().required}
                      onChange={(e) => update(i, { required: e.currentTarget.checked })}
                    />
                    {t("campaigns.surveys.required")}
                  </label>
                  <Show when={questions().length > 1}>
                    <button
                      type="button"
                      class="btn btn-secondary"
                      onClick={() => setQuestions((all) => all.filter((_, j) => j !== i))}
                    >
                      {t("campaigns.surveys.removeQuestion", { n: String(i + 1) })}
                    </button>
                  </Show>
                </fieldset>
              )}
            </Index>
            <button
              type="button"
              class="btn btn-secondary"
              onClick={() => setQuestions((all) => [...all, { kind: "text", label: "", options: "", required: false }])}
            >
              {t("campaigns.surveys.addQuestion")}
            </button>
            <ErrorAlert message={error() ? errorMessage(error()) : undefined} />
            <div class="form-actions">
              <button type="submit" class="btn btn-primary" disabled={busy()} aria-busy={busy()}>
                <Show when={busy()} fallback={t("campaigns.surveys.save")}>
                  <Spinner />
                  {t("campaigns.edit.saving")}
                </Show>
              </button>
            </div>
          </div>
        </Panel>
      </form>
    </>
  );
}
