import { createSignal, Match, onMount, Show, Switch } from "solid-js";
import { ApiError, errorMessage } from "../../api";
import { BrokenLink } from "../../components/account/password";
import { AuthCard } from "../../components/auth";
import { publicApi, type Unsubscribe } from "../../components/marketing/api";
import { Spinner } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";

/**
 * The unsubscribe page a campaign email links to (`/unsubscribe?r=…&s=…`, signed): it shows what stops
 * and asks for one click; nothing changes on opening it (link scanners open links too).
 */
export function UnsubscribePage() {
  useTitle(t("campaigns.unsubscribe.title"));
  const query = new URLSearchParams(window.location.search);
  const r = query.get("r") ?? "";
  const s = query.get("s") ?? "";
  const [info, setInfo] = createSignal<Unsubscribe>();
  const [loadError, setLoadError] = createSignal<string>();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  onMount(async () => {
    if (!r || !s) return setLoadError(t("campaigns.unsubscribe.broken"));
    try {
      setInfo(await publicApi.unsubscribeLookup(r, s));
    } catch (failure) {
      setLoadError(
        failure instanceof ApiError && failure.status === 400
          ? t("campaigns.unsubscribe.broken")
          : errorMessage(failure),
      );
    }
  });

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setInfo(await publicApi.unsubscribe(r, s));
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard portal="customer" title={t("campaigns.unsubscribe.title")} sub={t("campaigns.unsubscribe.sub")}>
      <Switch>
        <Match when={loadError()}>
          <BrokenLink>{loadError()}</BrokenLink>
        </Match>
        <Match when={!info()}>
          <p class="confirm-loading" role="status">
            <Spinner />
            {t("campaigns.unsubscribe.checking")}
          </p>
        </Match>
        <Match when={info()?.unsubscribed}>
          <p class="alert alert-success confirm-done" role="status">
            {t("campaigns.unsubscribe.done")}
          </p>
        </Match>
        <Match when={info()}>
          {(i) => (
            <div class="form">
              <p>
                {t("campaigns.unsubscribe.about", {
                  channel: t(`campaigns.channels.${i().channel}`),
                  address: i().address,
                  campaign: i().campaignName,
                })}
              </p>
              <Show when={error()}>
                <div class="alert alert-error" role="alert">
                  {error()}
                </div>
              </Show>
              <button type="button" class="btn btn-primary btn-block" disabled={busy()} onClick={() => void confirm()}>
                <Show when={busy()} fallback={t("campaigns.unsubscribe.confirm")}>
                  <Spinner />
                  {t("campaigns.unsubscribe.working")}
                </Show>
              </button>
            </div>
          )}
        </Match>
      </Switch>
    </AuthCard>
  );
}
