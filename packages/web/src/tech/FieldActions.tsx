import { createSignal, For, Show } from "solid-js";
import { t } from "../i18n";
import { actionsFor, clock, type Job, type Status } from "./data";
import { here } from "./location";
import { record } from "./outbox";
import type { Entry, FieldEvent } from "./store";

/** The events the job has already seen: its log on the server plus what waits on the phone. */
function doneEvents(job: Job, pending: Entry[]): Set<string> {
  const done = new Set<string>(job.events.map((event) => event.event));
  for (const entry of pending) if (entry.change.kind === "event") done.add(entry.change.event);
  return done;
}

/**
 * The field events as big buttons at the bottom, in thumb reach: the next step of the visit large
 * and first, the other events valid now beside it. Each tap is recorded at once (its time is the
 * tap's, not the send's) and sent by the outbox. "Cannot complete" asks why first.
 */
export function FieldActions(props: { job: Job; status: Status; pending: Entry[] }) {
  const [asking, setAsking] = createSignal(false);
  const [reason, setReason] = createSignal("");
  const [reasonError, setReasonError] = createSignal(false);
  const [last, setLast] = createSignal<{ event: FieldEvent; at: string }>();
  const actions = () => actionsFor(props.status, doneEvents(props.job, props.pending));
  /** The completion gate: a photo and a signature, on the server or waiting on the phone. */
  const missingEvidence = () => {
    const gate = props.job.completion;
    if (!gate.required) return false;
    const queued = (kind: "photo" | "signature") =>
      props.pending.some((entry) => entry.change.kind === "file" && entry.change.fileKind === kind);
    return !(gate.hasPhoto || queued("photo")) || !(gate.hasSignature || queued("signature"));
  };

  const act = async (event: FieldEvent, extra: { reason?: string } = {}) => {
    const occurredAt = new Date().toISOString();
    // Where the phone is, only while the technician shares their location (their consent).
    await record(props.job.id, { kind: "event", event, occurredAt, ...extra, ...here() });
    setLast({ event, at: occurredAt });
  };

  const tap = (event: FieldEvent) => {
    if (event === "unable_to_complete") {
      setAsking(true);
      return;
    }
    void act(event);
  };

  const sendUnable = async (submit: SubmitEvent) => {
    submit.preventDefault();
    if (!reason().trim()) {
      setReasonError(true);
      return;
    }
    await act("unable_to_complete", { reason: reason().trim() });
    setAsking(false);
    setReason("");
    setReasonError(false);
  };

  return (
    <section class="tech-actions" aria-labelledby="actions-title">
      <h2 id="actions-title" class="sr-only">
        {t("tech.events.title")}
      </h2>
      <Show when={last()}>
        {(done) => (
          <p class="tech-actions-last" role="status">
            {t("tech.events.queued", { event: t(`tech.events.${done().event}`), time: clock(done().at) })}
          </p>
        )}
      </Show>
      <Show
        when={actions().next || actions().others.length > 0}
        fallback={
          <p class="tech-actions-done">{t("tech.events.done", { status: t(`tech.status.${props.status}`) })}</p>
        }
      >
        <Show when={asking()}>
          <form class="tech-reason" onSubmit={sendUnable}>
            <label for="unable-reason">{t("tech.events.reasonLabel")}</label>
            <textarea
              id="unable-reason"
              rows={3}
              value={reason()}
              onInput={(e) => setReason(e.currentTarget.value)}
              aria-invalid={reasonError() ? "true" : undefined}
              aria-describedby={reasonError() ? "unable-reason-error" : undefined}
            />
            <Show when={reasonError()}>
              <p id="unable-reason-error" class="field-error">
                {t("tech.events.reasonRequired")}
              </p>
            </Show>
            <div class="tech-row">
              <button type="button" class="btn btn-secondary tech-btn" onClick={() => setAsking(false)}>
                {t("tech.events.cancel")}
              </button>
              <button type="submit" class="btn btn-danger tech-btn">
                {t("tech.events.confirmUnable")}
              </button>
            </div>
          </form>
        </Show>
        <div class="tech-actions-row">
          <For each={actions().others}>
            {(event) => (
              <button
                type="button"
                class="btn btn-secondary tech-btn tech-btn-secondary"
                classList={{ "tech-btn-warn": event === "unable_to_complete" }}
                onClick={() => tap(event)}
              >
                {t(`tech.events.${event}`)}
              </button>
            )}
          </For>
        </div>
        <Show when={actions().next}>
          {(next) => (
            <>
              <Show when={next() === "complete" && missingEvidence()}>
                <p class="tech-actions-last" id="complete-needs">
                  {t("tech.events.needsEvidence")}
                </p>
              </Show>
              <button
                type="button"
                class="btn btn-primary tech-btn tech-btn-next"
                disabled={next() === "complete" && missingEvidence()}
                aria-describedby={next() === "complete" && missingEvidence() ? "complete-needs" : undefined}
                onClick={() => tap(next())}
              >
                {t(`tech.events.${next()}`)}
              </button>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
