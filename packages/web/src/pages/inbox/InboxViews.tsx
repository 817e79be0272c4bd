import type { InferResponseType } from "hono/client";
import { createSignal, For, Show } from "solid-js";
import { client, read, send } from "../../api";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";

const viewsApi = client.api.v1.inbox.views;
type View = InferResponseType<typeof viewsApi.$get, 200>["items"][number];

/** The list's filters as a saved view holds them (the list's query, without paging). */
export type ViewFilters = Record<string, string | string[] | undefined>;

/** The same filters, ignoring order and empty values, to mark the view the list shows now. */
const same = (a: Record<string, unknown>, b: Record<string, unknown>) => {
  const norm = (o: Record<string, unknown>) =>
    JSON.stringify(
      Object.entries(o)
        .filter(([, v]) => v !== undefined && v !== "")
        .map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)])
        .sort(),
    );
  return norm(a) === norm(b);
};

/** Saved views in the list's sidebar: the agent's own and those shared with their teams, plus "Save view". */
export function InboxViews(props: { current: ViewFilters; onApply: (filters: Record<string, unknown>) => void }) {
  const views = createLoad(() => read(viewsApi.$get()), { keepOnError: true });
  const teams = createLoad(async () =>
    can("support:ticket:read") || can("system:settings:read") ? read(client.api.v1.teams.$get()) : { items: [] },
  );
  const [said, setSaid] = createSignal("");
  let dialog: HTMLDialogElement | undefined;
  const remove = async (view: View) => {
    await send(viewsApi[":id"].$delete({ param: { id: view.id } }));
    await views.refresh();
  };
  return (
    <nav class="inbox-views" aria-labelledby="inbox-views-title">
      <div class="inbox-views-head">
        <h2 id="inbox-views-title">{t("inboxMacros.views")}</h2>
        <button type="button" class="btn btn-ghost btn-small" onClick={() => dialog?.showModal()}>
          {t("inboxMacros.saveView")}
        </button>
      </div>
      <Show when={(views.data()?.items.length ?? 0) > 0} fallback={<p class="muted">{t("inboxMacros.noViews")}</p>}>
        <ul>
          <For each={views.data()?.items ?? []}>
            {(v) => (
              <li>
                <button
                  type="button"
                  class="inbox-folder"
                  aria-pressed={same(v.filters, props.current)}
                  onClick={() => props.onApply(v.filters)}
                >
                  {v.name}
                </button>
                <Show when={v.teamName}>
                  <span class="muted inbox-view-team">{t("inboxMacros.sharedBy", { team: v.teamName ?? "" })}</span>
                </Show>
                <Show when={v.mine}>
                  <ConfirmAction
                    label={t("inboxMacros.remove")}
                    prompt={t("inboxMacros.removeViewConfirm", { name: v.name })}
                    confirmLabel={t("inboxMacros.remove")}
                    danger
                    quiet
                    small
                    run={() => remove(v)}
                  />
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <span class="sr-only" role="status">
        {said()}
      </span>
      <DialogForm
        id="inbox-save-view"
        ref={(el) => {
          dialog = el;
        }}
        title={t("inboxMacros.saveViewTitle")}
        submitLabel={t("inboxMacros.saveView")}
        submit={async (form) => {
          const data = new FormData(form);
          const name = String(data.get("name") ?? "").trim();
          const teamId = String(data.get("teamId") ?? "") || null;
          const filters = Object.fromEntries(
            Object.entries(props.current).filter(([, v]) => v !== undefined && v !== ""),
          ) as Record<string, string>;
          await read(viewsApi[":name"].$put({ param: { name }, json: { filters, teamId } }));
          await views.refresh();
          setSaid(t("inboxMacros.viewSaved", { name }));
        }}
      >
        {(errors) => (
          <>
            <Field
              id="view-name"
              label={t("inboxMacros.viewName")}
              hint={t("inboxMacros.viewNameHint")}
              error={errors.field("name")}
            >
              {(aria) => <input {...aria} name="name" required maxLength={100} />}
            </Field>
            <Field id="view-team" label={t("inboxMacros.shareWith")} error={errors.field("teamId")}>
              {(aria) => (
                <select {...aria} name="teamId">
                  <option value="">{t("inboxMacros.justMe")}</option>
                  <For each={teams.data()?.items ?? []}>{(team) => <option value={team.id}>{team.name}</option>}</For>
                </select>
              )}
            </Field>
          </>
        )}
      </DialogForm>
    </nav>
  );
}
