import type { InferResponseType } from "hono/client";
import { createSignal, Match, Show, Switch } from "solid-js";
import { ApiError, client, errorMessage, send } from "../../api";
import { BrokenLink } from "../../components/account/password";
import { AuthCard } from "../../components/auth";
import { Spinner } from "../../components/ui";
import { dateTimeShort, useTitle } from "../../format";
import { t } from "../../i18n";
import { createTokenLookup } from "../../lib/token-page";

const api = client.api.v1.track;
type Visit = InferResponseType<typeof api.view.$post, 200>;

const MAX_REASON = 1000;

/**
 * The customer's "track my visit" page, no sign-in needed: the window, the technician's first name,
 * the status and the expected arrival; confirm the appointment or ask to move it (each once).
 */
export function TrackVisitPage() {
  useTitle(t("visit.title"));
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal<"confirm" | "reschedule">();
  const [asking, setAsking] = createSignal(false);
  const [reason, setReason] = createSignal("");
  const [preferred, setPreferred] = createSignal("");
  let reasonInput: HTMLTextAreaElement | undefined;
  const {
    token,
    info: visit,
    setInfo: setVisit,
    loadError,
    reload: lookup,
  } = createTokenLookup<Visit>({
    lookup: async (current) => (await send(api.view.$post({ json: { token: current } }), { on401: "throw" })).json(),
    invalid: () => t("visit.invalid"),
  });

  const act = async (kind: "confirm" | "reschedule") => {
    const current = token();
    if (!current || busy()) return;
    if (kind === "reschedule" && !reason().trim()) {
      setError(t("visit.reasonNeeded"));
      reasonInput?.focus();
      return;
    }
    setBusy(kind);
    setError(undefined);
    try {
      const call =
        kind === "confirm"
          ? api.confirm.$post({ json: { token: current } })
          : api.reschedule.$post({
              json: {
                token: current,
                reason: reason().trim(),
                ...(preferred() ? { preferredAt: new Date(preferred()).toISOString() } : {}),
              },
            });
      setVisit(await (await send(call, { on401: "throw" })).json());
      setAsking(false);
    } catch (failure) {
      setError(errorMessage(failure));
      if (failure instanceof ApiError && failure.status === 409) await lookup();
    } finally {
      setBusy(undefined);
    }
  };

  const eta = (v: Visit) =>
    v.eta
      ? t(v.etaSource === "estimate" ? "visit.etaEstimate" : "visit.etaSchedule", { when: dateTimeShort(v.eta) })
      : t("visit.noEta");

  return (
    <AuthCard portal="customer" title={t("visit.title")} sub={t("visit.sub")}>
      <Show when={token()} fallback={<BrokenLink>{t("visit.broken")}</BrokenLink>}>
        <Switch>
          <Match when={loadError()}>
            <BrokenLink>{loadError()}</BrokenLink>
          </Match>
          <Match when={!visit()}>
            <p class="confirm-loading" role="status">
              <Spinner />
              {t("visit.checking")}
            </p>
          </Match>
          <Match when={visit()}>
            {(v) => (
              <>
                <dl class="confirm-facts track-facts" aria-label={t("visit.facts")}>
                  <div>
                    <dt>{t("visit.reference")}</dt>
                    <dd>
                      {t(`visit.workTypes.${v().workType as "other"}`)} · {v().workOrderNumber}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("visit.window")}</dt>
                    <dd>
                      {v().windowStart && v().windowEnd
                        ? t("visit.windowValue", {
                            start: dateTimeShort(v().windowStart ?? ""),
                            end: dateTimeShort(v().windowEnd ?? ""),
                          })
                        : t("visit.noWindow")}
                    </dd>
                  </div>
                  <div>
                    <dt>{t("visit.technician")}</dt>
                    <dd>{v().technicianFirstName ?? t("visit.noTechnician")}</dd>
                  </div>
                  <div>
                    <dt>{t("visit.status")}</dt>
                    <dd>{t(`visit.statuses.${v().status}`)}</dd>
                  </div>
                  <div>
                    <dt>{t("visit.eta")}</dt>
                    <dd>{eta(v())}</dd>
                  </div>
                </dl>
                <Show when={error()}>
                  <div class="alert alert-error" role="alert">
                    {error()}
                  </div>
                </Show>
                <Show when={v().confirmedAt}>
                  <p class="alert alert-success" role="status">
                    {t("visit.confirmed")}
                  </p>
                </Show>
                <Show when={v().reschedule}>
                  {(r) => (
                    <p class="alert alert-info" role="status">
                      {t("visit.requested", { when: dateTimeShort(r().requestedAt) })}
                      <Show when={r().preferredAt}>
                        {(at) => (
                          <>
                            <br />
                            {t("visit.requestedPreferred", { when: dateTimeShort(at()) })}
                          </>
                        )}
                      </Show>
                    </p>
                  )}
                </Show>
                <Show when={v().answerable} fallback={<p class="alert alert-info">{t("visit.notAnswerable")}</p>}>
                  <Show
                    when={asking()}
                    fallback={
                      <div class="confirm-actions">
                        <Show when={!v().confirmedAt}>
                          <button
                            type="button"
                            class="btn btn-primary btn-block"
                            disabled={!!busy()}
                            aria-busy={busy() === "confirm"}
                            onClick={() => void act("confirm")}
                          >
                            {busy() === "confirm" ? t("visit.confirming") : t("visit.confirm")}
                          </button>
                        </Show>
                        <Show when={!v().reschedule}>
                          <button
                            type="button"
                            class="btn btn-secondary btn-block"
                            disabled={!!busy()}
                            onClick={() => {
                              setError(undefined);
                              setAsking(true);
                            }}
                          >
                            {t("visit.reschedule")}
                          </button>
                        </Show>
                      </div>
                    }
                  >
                    <form
                      class="form"
                      noValidate
                      aria-label={t("visit.rescheduleTitle")}
                      onSubmit={(e) => {
                        e.preventDefault();
                        void act("reschedule");
                      }}
                    >
                      <div class="field">
                        <label for="track-preferred">{t("visit.preferred")}</label>
                        <input
                          id="track-preferred"
                          type="datetime-local"
                          value={preferred()}
                          aria-describedby="track-preferred-hint"
                          onInput={(e) => setPreferred(e.currentTarget.value)}
                        />
                        <span class="field-hint" id="track-preferred-hint">
                          {t("visit.preferredHint")}
                        </span>
                      </div>
                      <div class="field">
                        <label for="track-reason">{t("visit.reason")}</label>
                        <textarea
                          id="track-reason"
                          rows={4}
                          required
                          maxLength={MAX_REASON}
                          ref={reasonInput}
                          autofocus
                          value={reason()}
                          aria-invalid={error() ? "true" : undefined}
                          onInput={(e) => setReason(e.currentTarget.value)}
                        />
                      </div>
                      <div class="confirm-actions">
                        <button type="submit" class="btn btn-primary btn-block" disabled={!!busy()}>
                          {busy() === "reschedule" ? t("visit.sending") : t("visit.send")}
                        </button>
                        <button
                          type="button"
                          class="btn btn-secondary btn-block"
                          disabled={!!busy()}
                          onClick={() => setAsking(false)}
                        >
                          {t("visit.back")}
                        </button>
                      </div>
                    </form>
                  </Show>
                </Show>
                <p class="field-hint">{t("visit.expires", { when: dateTimeShort(v().expiresAt) })}</p>
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </AuthCard>
  );
}
