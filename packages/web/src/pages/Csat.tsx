import type { InferResponseType } from "hono/client";
import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { ApiError, client, errorMessage, send } from "../api";
import { BrokenLink, takeFragmentToken } from "../components/account/password";
import { AuthCard } from "../components/auth";
import { Spinner } from "../components/ui";
import { useTitle } from "../format";
import { t } from "../i18n";

const api = client.api.v1.customer.csat;
type Survey = InferResponseType<typeof api.lookup.$post, 200>;
const ratings = ["1", "2", "3", "4", "5"] as const;

/**
 * The satisfaction survey a resolved conversation links to (`/csat#token=…`), no sign-in needed: the
 * token leaves the address bar at once; the customer picks 1 to 5 (radio buttons: arrow keys move
 * between them) and may add a comment. Each link answers once.
 */
export function CsatPage() {
  useTitle(t("csat.title"));
  const token = takeFragmentToken();
  const [survey, setSurvey] = createSignal<Survey>();
  const [loadError, setLoadError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  onMount(async () => {
    if (!token) return;
    try {
      setSurvey(await (await send(api.lookup.$post({ json: { token } }), { on401: "throw" })).json());
    } catch (failure) {
      setLoadError(failure instanceof ApiError && failure.status === 404 ? t("csat.invalid") : errorMessage(failure));
    }
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!token || busy()) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const rating = Number(form.get("rating"));
    if (!rating) {
      setError(t("csat.pick"));
      return;
    }
    const comment = String(form.get("comment") ?? "").trim();
    setBusy(true);
    setError(undefined);
    try {
      const call = api.answer.$post({ json: { token, rating, ...(comment ? { comment } : {}) } });
      setSurvey(await (await send(call, { on401: "throw" })).json());
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard portal="customer" title={t("csat.title")} sub={t("csat.sub")}>
      <Show when={token} fallback={<BrokenLink>{t("csat.broken")}</BrokenLink>}>
        <Switch>
          <Match when={loadError()}>
            <BrokenLink>{loadError()}</BrokenLink>
          </Match>
          <Match when={!survey()}>
            <p class="confirm-loading" role="status">
              <Spinner />
              {t("csat.checking")}
            </p>
          </Match>
          <Match when={survey()?.state === "answered" && survey()?.rating}>
            <p class="alert alert-success confirm-done" role="status">
              {t("csat.thanks", { rating: String(survey()?.rating) })}
            </p>
          </Match>
          <Match when={survey()?.state === "expired"}>
            <p class="alert alert-info confirm-done" role="status">
              {t("csat.expired")}
            </p>
          </Match>
          <Match when={survey()?.state === "open"}>
            <form class="form" onSubmit={submit} novalidate>
              <p>{t("csat.about", { channel: survey()?.channel ?? "" })}</p>
              <fieldset class="field tk-fieldset" aria-describedby={error() ? "csat-error" : undefined}>
                <legend>{t("csat.question")}</legend>
                <For each={ratings}>
                  {(r) => (
                    <label class="check">
                      <input class="check-box" type="radio" name="rating" value={r} />
                      {t(`csat.ratings.${r}`)}
                    </label>
                  )}
                </For>
              </fieldset>
              <div class="field">
                <label for="csat-comment">{t("csat.comment")}</label>
                <textarea id="csat-comment" name="comment" rows="3" maxlength="2000" />
              </div>
              <Show when={error()}>
                <div class="alert alert-error" role="alert" id="csat-error">
                  {error()}
                </div>
              </Show>
              <button type="submit" class="btn btn-primary btn-block" disabled={busy()} aria-busy={busy()}>
                <Show when={busy()} fallback={t("csat.send")}>
                  <Spinner />
                  {t("csat.sending")}
                </Show>
              </button>
            </form>
          </Match>
        </Switch>
      </Show>
    </AuthCard>
  );
}
