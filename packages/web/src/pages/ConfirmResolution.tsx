import { A } from "@solidjs/router";
import type { InferResponseType } from "hono/client";
import { createSignal, Match, Show, Switch } from "solid-js";
import { ApiError, client, errorMessage, send } from "../api";
import { BrokenLink } from "../components/account/password";
import { AuthCard } from "../components/auth";
import { Spinner } from "../components/ui";
import { absoluteTime, useTitle } from "../format";
import { t } from "../i18n";
import { createTokenLookup } from "../lib/token-page";

const api = client.api.v1.customer.confirmation;
type Lookup = InferResponseType<typeof api.lookup.$post, 200>;
type State = Lookup["state"];

/** What each state of a link means to the customer, once there is nothing left to answer. */
const closedStates: Record<Exclude<State, "open">, { tone: "success" | "info" | "error"; text: () => string }> = {
  confirmed: { tone: "success", text: () => t("customer.confirmPage.confirmed") },
  disputed: { tone: "info", text: () => t("customer.confirmPage.disputed") },
  expired: { tone: "info", text: () => t("customer.confirmPage.expired") },
  auto_confirmed: { tone: "info", text: () => t("customer.confirmPage.expired") },
  superseded: { tone: "error", text: () => t("customer.confirmPage.superseded") },
};

const MAX_REASON = 5000;

/**
 * The page a resolution email links to (`/customer/confirm#token=…`), no sign-in needed: the token
 * leaves the address bar at once; the customer says the problem is fixed (the ticket closes) or that it
 * is not (it reopens with their reason). Each link answers once.
 */
export function ConfirmResolutionPage() {
  useTitle(t("customer.confirmPage.title"));
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal<"confirm" | "dispute">();
  const [disputing, setDisputing] = createSignal(false);
  const [reason, setReason] = createSignal("");
  let reasonInput: HTMLTextAreaElement | undefined;
  const {
    token,
    info,
    setInfo,
    loadError,
    reload: lookup,
  } = createTokenLookup<Lookup>({
    lookup: async (current) => (await send(api.lookup.$post({ json: { token: current } }), { on401: "throw" })).json(),
    invalid: () => t("customer.confirmPage.invalid"),
    onReset: () => {
      setError(undefined);
      setDisputing(false);
      setReason("");
    },
  });

  const answer = async (kind: "confirm" | "dispute") => {
    const current = token();
    if (!current || busy()) return;
    if (kind === "dispute" && !reason().trim()) {
      setError(t("customer.confirmPage.reasonNeeded"));
      reasonInput?.focus();
      return;
    }
    setBusy(kind);
    setError(undefined);
    try {
      const call =
        kind === "confirm"
          ? api.confirm.$post({ json: { token: current } })
          : api.dispute.$post({ json: { token: current, reason: reason().trim() } });
      const { state } = await (await send(call, { on401: "throw" })).json();
      const shown = info();
      if (shown) setInfo({ ...shown, state });
    } catch (failure) {
      setError(errorMessage(failure));
      // Answered elsewhere meanwhile (another tab, the grace job): show where it stands now.
      if (failure instanceof ApiError && failure.status === 409) await lookup();
    } finally {
      setBusy(undefined);
    }
  };

  const submitDispute = (event: SubmitEvent) => {
    event.preventDefault();
    void answer("dispute");
  };

  return (
    <AuthCard portal="customer" title={t("customer.confirmPage.title")} sub={t("customer.confirmPage.sub")}>
      <Show
        when={token()}
        fallback={
          <>
            <BrokenLink>{t("customer.confirmPage.broken")}</BrokenLink>
            <A class="btn btn-secondary btn-block" href="/customer/login">
              {t("customer.confirmPage.signIn")}
            </A>
          </>
        }
      >
        <Switch>
          <Match when={loadError()}>
            <BrokenLink>{loadError()}</BrokenLink>
            <A class="btn btn-secondary btn-block" href="/customer/login">
              {t("customer.confirmPage.signIn")}
            </A>
          </Match>
          <Match when={!info()}>
            <p class="confirm-loading" role="status">
              <Spinner />
              {t("customer.confirmPage.checking")}
            </p>
          </Match>
          <Match when={info()}>
            {(found) => (
              <>
                <dl class="confirm-facts" aria-label={t("customer.confirmPage.yourTicket")}>
                  <div>
                    <dt>{t("customer.confirmPage.ticket")}</dt>
                    <dd>{found().ticket.number}</dd>
                  </div>
                  <div>
                    <dt>{t("customer.confirmPage.subject")}</dt>
                    <dd>{found().ticket.title}</dd>
                  </div>
                  <Show when={found().ticket.resolvedAt}>
                    {(at) => (
                      <div>
                        <dt>{t("customer.confirmPage.resolved")}</dt>
                        <dd>
                          <time datetime={at()}>{absoluteTime(at())}</time>
                        </dd>
                      </div>
                    )}
                  </Show>
                </dl>
                <Show when={error()}>
                  <div class="alert alert-error" role="alert" id="confirm-error">
                    {error()}
                  </div>
                </Show>
                <Show
                  when={found().state === "open"}
                  fallback={
                    <>
                      <p
                        class={`alert confirm-done alert-${closedStates[found().state as Exclude<State, "open">].tone}`}
                        role="status"
                      >
                        {closedStates[found().state as Exclude<State, "open">].text()}
                      </p>
                      <p class="auth-alt">
                        <A href="/customer/tickets">{t("customer.confirmPage.follow")}</A>
                      </p>
                    </>
                  }
                >
                  <Show
                    when={disputing()}
                    fallback={
                      <div class="confirm-actions">
                        <button
                          type="button"
                          class="btn btn-primary btn-block"
                          disabled={!!busy()}
                          aria-busy={busy() === "confirm"}
                          onClick={() => void answer("confirm")}
                        >
                          <Show when={busy() === "confirm"} fallback={t("customer.confirmPage.yes")}>
                            <Spinner />
                            {t("customer.confirmPage.closing")}
                          </Show>
                        </button>
                        <button
                          type="button"
                          class="btn btn-secondary btn-block"
                          disabled={!!busy()}
                          onClick={() => {
                            setError(undefined);
                            setDisputing(true);
                            reasonInput?.focus();
                          }}
                        >
                          {t("customer.confirmPage.no")}
                        </button>
                      </div>
                    }
                  >
                    <form class="form" onSubmit={submitDispute} noValidate>
                      <div class="field">
                        <label for="dispute-reason">{t("customer.confirmPage.reason")}</label>
                        <textarea
                          id="dispute-reason"
                          name="reason"
                          rows={5}
                          required
                          maxLength={MAX_REASON}
                          ref={reasonInput}
                          autofocus
                          aria-describedby="dispute-reason-hint"
                          aria-invalid={error() ? "true" : undefined}
                          value={reason()}
                          onInput={(e) => {
                            setReason(e.currentTarget.value);
                            if (error()) setError(undefined);
                          }}
                        />
                        <span class="field-hint" id="dispute-reason-hint">
                          {t("customer.confirmPage.reasonHint")}
                        </span>
                      </div>
                      <div class="confirm-actions">
                        <button
                          type="submit"
                          class="btn btn-primary btn-block"
                          disabled={!!busy()}
                          aria-busy={busy() === "dispute"}
                        >
                          <Show when={busy() === "dispute"} fallback={t("customer.confirmPage.reopen")}>
                            <Spinner />
                            {t("customer.confirmPage.reopening")}
                          </Show>
                        </button>
                        <button
                          type="button"
                          class="btn btn-secondary btn-block"
                          disabled={!!busy()}
                          onClick={() => {
                            setDisputing(false);
                            setError(undefined);
                          }}
                        >
                          {t("customer.confirmPage.back")}
                        </button>
                      </div>
                    </form>
                  </Show>
                </Show>
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </AuthCard>
  );
}
