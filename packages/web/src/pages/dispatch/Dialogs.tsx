import { createSignal, For, Show } from "solid-js";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { dateTimeShort, formatNumber } from "../../format";
import { t } from "../../i18n";
import { type AutoAssign, appoint, type Conflict, type Picked, type Target, type Tech } from "./model";

const where = (target: Target) => `${target.techName}, ${dateTimeShort(target.start)}`;

/** Booking over overridable conflicts: lists them and asks why (the reason is kept with the booking). */
export function OverrideDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  pending: { job: Picked; target: Target; conflicts: Conflict[] } | undefined;
  onBooked: (job: Picked, target: Target) => void;
}) {
  return (
    <DialogForm
      id="dsp-override"
      ref={props.ref}
      title={t("board.overrideTitle")}
      submitLabel={t("board.overrideSubmit")}
      busyLabel={t("board.overrideBusy")}
      submit={async (form) => {
        const p = props.pending;
        if (!p) return;
        const reason = String(new FormData(form).get("reason") ?? "").trim();
        if (!reason) throw invalid("reason", t("board.reasonNeeded"));
        await appoint(p.job.id, p.target, { reason });
        props.onBooked(p.job, p.target);
      }}
    >
      {(errors) => (
        <Show when={props.pending}>
          {(p) => (
            <>
              <p>{t("board.overrideIntro", { number: p().job.number, target: where(p().target) })}</p>
              <ul class="dsp-conflicts">
                <For each={p().conflicts}>
                  {(c) => (
                    <li class="dsp-conflict-warning">
                      <span class="badge badge-warning">{t("board.overridable")}</span> {c.message}
                    </li>
                  )}
                </For>
              </ul>
              <Field id="dsp-override-reason" label={t("board.overrideReason")} error={errors.field("reason")}>
                {(aria) => <textarea {...aria} name="reason" rows={3} maxLength={500} required />}
              </Field>
            </>
          )}
        </Show>
      )}
    </DialogForm>
  );
}

/** The keyboard's and the menu's way to move a job: choose the technician and the start, then book. */
export function MoveDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  job: Picked | undefined;
  technicians: Tech[];
  defaultStart: string;
  onChosen: (target: Target) => Promise<void>;
}) {
  return (
    <DialogForm
      id="dsp-move"
      ref={props.ref}
      title={t("board.moveTitle", { number: props.job?.number ?? "" })}
      submitLabel={t("board.moveSubmit")}
      submit={async (form) => {
        const data = new FormData(form);
        const techId = String(data.get("technician") ?? "");
        const local = String(data.get("start") ?? "");
        const tech = props.technicians.find((x) => x.userId === techId);
        if (!tech) throw invalid("technicianUserId", t("board.chooseTechnician"));
        if (!local) throw invalid("start", t("board.chooseStart"));
        await props.onChosen({ techId, techName: tech.name, start: new Date(local).toISOString() });
      }}
    >
      {(errors) => (
        <>
          <Field id="dsp-move-tech" label={t("board.moveTechnician")} error={errors.field("technicianUserId")}>
            {(aria) => (
              <select {...aria} name="technician" required>
                <For each={props.technicians}>{(x) => <option value={x.userId}>{x.name}</option>}</For>
              </select>
            )}
          </Field>
          <Field id="dsp-move-start" label={t("board.moveStart")} error={errors.field("start")}>
            {(aria) => <input {...aria} name="start" type="datetime-local" required value={props.defaultStart} />}
          </Field>
        </>
      )}
    </DialogForm>
  );
}

/** Auto-assign's explanation: the ranked candidates with their scores, and why each other technician was rejected. */
export function AutoAssignDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  job: Picked | undefined;
  result: AutoAssign | undefined;
  onAssign: () => Promise<void>;
}) {
  return (
    <DialogForm
      id="dsp-auto"
      ref={props.ref}
      wide
      title={t("board.autoTitle", { number: props.job?.number ?? "" })}
      submitLabel={
        props.result?.chosen ? t("board.assignChosen", { name: props.result.chosen.name }) : t("board.close")
      }
      submit={async () => {
        if (props.result?.chosen) await props.onAssign();
      }}
    >
      {() => (
        <Show when={props.result}>
          {(r) => (
            <>
              <p class={r().chosen ? "alert alert-success" : "alert alert-info"} role="status">
                {r().chosen
                  ? t("board.autoChosen", {
                      name: r().chosen?.name ?? "",
                      score: formatNumber(r().chosen?.score ?? 0),
                    })
                  : t("board.autoNone")}
              </p>
              <h3>{t("board.candidates")}</h3>
              <table class="table dsp-table">
                <thead>
                  <tr>
                    <th scope="col">{t("board.technician")}</th>
                    <th scope="col">{t("board.score")}</th>
                    <th scope="col">{t("board.proficiency")}</th>
                    <th scope="col">{t("board.distance")}</th>
                    <th scope="col">{t("board.jobsThatDay")}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().candidates}>
                    {(c) => (
                      <tr>
                        <td>{c.name}</td>
                        <td>{formatNumber(c.score)}</td>
                        <td>{c.proficiency === null ? "—" : formatNumber(c.proficiency)}</td>
                        <td>{c.distanceKm === null ? "—" : t("board.km", { n: formatNumber(c.distanceKm) })}</td>
                        <td>{c.jobsThatDay}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
              <Show when={r().rejected.length > 0}>
                <h3>{t("board.rejected")}</h3>
                <ul class="dsp-rejected">
                  <For each={r().rejected}>
                    {(x) => (
                      <li>
                        <strong>{x.name}</strong>: {x.reason.message}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </>
          )}
        </Show>
      )}
    </DialogForm>
  );
}

/** The tracking link just made for a job, to copy and send to the customer (shown once). */
export function LinkDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  job: Picked | undefined;
  link: { url: string; expiresAt: string } | undefined;
}) {
  const [copied, setCopied] = createSignal(false);
  return (
    <DialogForm
      id="dsp-link"
      ref={props.ref}
      title={t("board.linkTitle", { number: props.job?.number ?? "" })}
      submitLabel={t("board.close")}
      submit={async () => undefined}
      onClose={() => setCopied(false)}
    >
      {() => (
        <Show when={props.link}>
          {(l) => (
            <>
              <p class="muted">{t("board.linkIntro")}</p>
              <div class="field">
                <label for="dsp-link-url">{t("board.linkLabel")}</label>
                <div class="dsp-link-row">
                  <input id="dsp-link-url" readonly value={l().url} onFocus={(e) => e.currentTarget.select()} />
                  <button
                    type="button"
                    class="btn btn-secondary"
                    onClick={async () => {
                      await navigator.clipboard?.writeText(l().url).catch(() => undefined);
                      setCopied(true);
                    }}
                  >
                    {copied() ? t("board.copied") : t("board.copy")}
                  </button>
                </div>
                <span class="field-hint">{t("board.linkExpires", { when: dateTimeShort(l().expiresAt) })}</span>
              </div>
            </>
          )}
        </Show>
      )}
    </DialogForm>
  );
}
