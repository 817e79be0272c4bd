import { A } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { ErrorAlert } from "../../../components/kit/Alert";
import { type BulkInput, type BulkResult, type StaffMember, ticketApi } from "../../../components/tickets/api";
import { Combobox } from "../../../components/tickets/Combobox";
import { statusLabel, ticketStatuses } from "../../../components/tickets/labels";
import { searchStaff } from "../../../components/tickets/staff";
import { useTeams } from "../../../components/tickets/teams";
import { t } from "../../../i18n";
import { can, user } from "../../../session";
import { refusalText } from "./refusal";

/**
 * Status, primary assignee and team for every selected ticket at once, in a slim bar that sticks
 * to the bottom of the window while tickets are selected. It offers what the user may do: anyone as
 * assignee with support:ticket:assign, "Take" (oneself, on unassigned tickets) with support:ticket:take.
 */
export function BulkBar(props: { selected: string[]; onDone: (result: BulkResult) => void; onClear: () => void }) {
  const [status, setStatus] = createSignal("");
  const [assignee, setAssignee] = createSignal<StaffMember | null>();
  const teams = useTeams();
  const canAssign = () => can("support:ticket:assign");
  const canTake = () => can("support:ticket:take");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const noteLikely = () => ["closed", "canceled"].includes(status());

  const apply = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const note = String(data.get("note") ?? "").trim();
    const team = String(data.get("team") ?? "");
    const body: BulkInput = { ids: props.selected };
    if (status()) body.status = status() as NonNullable<BulkInput["status"]>;
    if (note) body.note = note;
    if (assignee() !== undefined) body.primaryAssigneeId = assignee()?.id ?? null;
    else if (data.get("take") === "on" && user()) body.primaryAssigneeId = user()?.id ?? null;
    if (team) body.teamId = team === "none" ? null : team;
    if (!body.status && body.primaryAssigneeId === undefined && body.teamId === undefined) {
      setError(t("tickets.bulk.nothing"));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const result = await ticketApi.bulk(body);
      form.reset();
      setStatus("");
      setAssignee(undefined);
      props.onDone(result);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="tk-bulk" onSubmit={apply} aria-label={t("tickets.bulk.form")}>
      <p class="tk-bulk-count" role="status">
        <strong>{t("tickets.bulk.selected", props.selected.length)}</strong>
        <button type="button" class="btn-link" onClick={() => props.onClear()}>
          {t("tickets.bulk.clear")}
        </button>
      </p>
      <div class="tk-bulk-fields">
        <div class="field">
          <label for="bulk-status">{t("tickets.bulk.status")}</label>
          <select id="bulk-status" name="status" value={status()} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{t("tickets.bulk.keepStatus")}</option>
            <For each={ticketStatuses.filter((s) => s !== "merged")}>
              {(s) => <option value={s}>{statusLabel(s)}</option>}
            </For>
          </select>
        </div>
        <div class="field tk-bulk-note">
          <label for="bulk-note">
            {noteLikely() ? t("tickets.bulk.noteRequired") : t("tickets.bulk.noteWhenRequired")}
          </label>
          <input
            id="bulk-note"
            name="note"
            maxLength={20000}
            required={noteLikely()}
            placeholder={t("tickets.bulk.notePlaceholder")}
            title={t("tickets.bulk.noteHint")}
            aria-describedby="bulk-note-hint"
          />
          <span id="bulk-note-hint" class="sr-only">
            {t("tickets.bulk.noteHint")}
          </span>
        </div>
        <Show when={!canAssign() && canTake()}>
          <label class="tk-bulk-take">
            <input type="checkbox" name="take" />
            {t("tickets.bulk.take")}
          </label>
        </Show>
        <Show
          when={canAssign() && assignee() === undefined}
          fallback={
            <Show when={canAssign()}>
              <fieldset class="field tk-fieldset">
                <legend class="tk-label">{t("tickets.bulk.assign")}</legend>
                <span class="tk-picked">
                  <span>{assignee()?.name ?? t("tickets.bulk.nobody")}</span>
                  <button type="button" class="btn-link" onClick={() => setAssignee(undefined)}>
                    {t("tickets.bulk.change")}
                  </button>
                </span>
              </fieldset>
            </Show>
          }
        >
          <Combobox
            id="bulk-assignee"
            label={t("tickets.bulk.assign")}
            placeholder={t("tickets.bulk.staffPlaceholder")}
            search={searchStaff}
            key={(s) => s.id}
            text={(s) => s.name}
            detail={(s) => s.email}
            empty={t("tickets.bulk.noStaff")}
            onPick={(s) => setAssignee(s)}
          />
        </Show>
        <div class="field">
          <label for="bulk-team">{t("tickets.bulk.team")}</label>
          <select id="bulk-team" name="team">
            <option value="">{t("tickets.bulk.keepTeam")}</option>
            <option value="none">{t("tickets.bulk.noTeam")}</option>
            <For each={teams.teams()}>{(team) => <option value={team.id}>{team.name}</option>}</For>
          </select>
        </div>
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {busy() ? t("tickets.bulk.applying") : t("tickets.bulk.apply", props.selected.length)}
        </button>
      </div>
      <ErrorAlert message={error()} />
    </form>
  );
}

/** What the last bulk change did, with a link to each ticket it could not change. */
export function BulkOutcome(props: { result: BulkResult; onDismiss: () => void }) {
  const failed = () => props.result.failed.length;
  return (
    <div class={failed() > 0 ? "alert alert-warning tk-outcome" : "alert alert-success tk-outcome"} role="status">
      <p>
        {t("tickets.bulk.updated", props.result.updated.length)}
        {failed() > 0 ? t("tickets.bulk.failed", failed()) : "."}
      </p>
      <Show when={failed() > 0}>
        <ul class="tk-failures">
          <For each={props.result.failed}>
            {(f) => (
              <li>
                <A href={`/tickets/${encodeURIComponent(f.number || f.id)}`}>{f.number || f.id}</A>
                <Show when={f.applied.length > 0}>
                  {" "}
                  <span class="muted">
                    {t("tickets.bulk.applied", { parts: f.applied.map((p) => t(`tickets.bulk.part.${p}`)).join(", ") })}
                  </span>
                </Show>
                <ul>
                  <For each={f.refused}>
                    {(r) => (
                      <li>
                        {t("tickets.bulk.refusedPart", { part: t(`tickets.bulk.part.${r.field}`) })} {refusalText(r)}
                      </li>
                    )}
                  </For>
                </ul>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <button type="button" class="btn-link" onClick={() => props.onDismiss()}>
        {t("tickets.bulk.dismiss")}
      </button>
    </div>
  );
}
