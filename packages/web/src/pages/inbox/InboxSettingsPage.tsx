import { createSignal, For, Show } from "solid-js";
import { client, errorMessage, read, send } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { PageHeader } from "../../components/kit/PageHeader";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { InboxChannelsSection } from "./InboxChannelsSection";
import { InboxMacrosSettings } from "./InboxMacrosSettings";
import { RoutingSection } from "./RoutingSection";
import { TemplatesSection } from "./TemplatesSection";
import { WidgetSection } from "./WidgetSection";

const inbox = client.api.v1.inbox;

/** Settings › Inbox: channels, templates, labels, canned responses, routing, web chat and macros, with a table of contents. */
export function InboxSettingsPage() {
  useTitle(t("nav.inboxSettings"));
  const labels = createLoad(() => read(inbox.labels.$get()), { keepOnError: true });
  const canned = createLoad(() => read(inbox["canned-responses"].$get()), { keepOnError: true });
  const [failure, setFailure] = createSignal<string>();
  const attempt = async (run: () => Promise<unknown>, form?: HTMLFormElement) => {
    setFailure(undefined);
    try {
      await run();
      form?.reset();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  // The page is long: a table of contents jumps to each panel (its heading's id).
  const sections = (): [string, string][] => [
    ["inbox-channels-title", t("inboxChannels.title")],
    ["inbox-templates-title", t("inboxChannels.templates.title")],
    ["inbox-labels-title", t("inbox.settingsLabels")],
    ["inbox-canned-title", t("inbox.canned")],
    ["routing-teams-title", t("inbox.routing.teamsTitle")],
    ["routing-agents-title", t("inbox.routing.agentsTitle")],
    ["routing-rules-title", t("inbox.routing.rulesTitle")],
    ["widget-settings-title", t("inbox.webchat.title")],
    ["inbox-macros-title", t("inboxMacros.settings")],
  ];
  return (
    <div class="page">
      <PageHeader title={t("nav.inboxSettings")} sub={t("inbox.settingsSub")} />
      <nav class="settings-toc" aria-label={t("inbox.settingsToc")}>
        <ul>
          <For each={sections()}>
            {([id, label]) => (
              <li>
                <a href={`#${id}`}>{label}</a>
              </li>
            )}
          </For>
        </ul>
      </nav>
      <ErrorAlert message={failure() ?? labels.error() ?? canned.error()} />
      <InboxChannelsSection />
      <TemplatesSection />
      <Panel id="inbox-labels-title" title={t("inbox.settingsLabels")}>
        <ul class="inbox-settings-list">
          <For each={labels.data()?.items ?? []}>
            {(l) => (
              <li>
                <span class="inbox-swatch" data-colour={l.colour} aria-hidden="true">
                  ●
                </span>
                <strong>{l.name}</strong> <code>{l.colour}</code> {l.description ?? ""}
                <ConfirmAction
                  label={t("inbox.remove")}
                  prompt={t("inbox.removeLabelConfirm", { name: l.name })}
                  confirmLabel={t("inbox.remove")}
                  danger
                  quiet
                  small
                  run={async () => {
                    await send(inbox.labels[":id"].$delete({ param: { id: l.id } }));
                    await labels.refresh();
                  }}
                />
              </li>
            )}
          </For>
        </ul>
        <form
          class="inbox-settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const data = new FormData(form);
            void attempt(async () => {
              await read(
                inbox.labels.$post({
                  json: {
                    name: String(data.get("name") ?? ""),
                    colour: String(data.get("colour") ?? "#64748b"),
                    description: String(data.get("description") ?? "") || null,
                  },
                }),
              );
              await labels.refresh();
            }, form);
          }}
        >
          <label for="label-name">{t("inbox.name")}</label>
          <input id="label-name" name="name" required maxLength={50} />
          <label for="label-colour">{t("inbox.colour")}</label>
          <input id="label-colour" name="colour" type="color" value="#64748b" />
          <label for="label-description">{t("inbox.description")}</label>
          <input id="label-description" name="description" maxLength={300} />
          <button type="submit" class="btn btn-primary">
            {t("inbox.addLabel")}
          </button>
        </form>
      </Panel>
      <Panel
        id="inbox-canned-title"
        title={t("inbox.canned")}
        sub={
          <>
            {t("inbox.cannedSub")} <code>{"{{contact.first_name}}"}</code>
          </>
        }
      >
        <Show when={(canned.data()?.items.length ?? 0) > 0} fallback={<p class="muted">{t("inbox.noCanned")}</p>}>
          <ul class="inbox-settings-list">
            <For each={canned.data()?.items ?? []}>
              {(r) => (
                <li>
                  <code>/{r.shortcut}</code> <strong>{r.title}</strong> {r.body}
                  <ConfirmAction
                    label={t("inbox.remove")}
                    prompt={r.title}
                    confirmLabel={t("inbox.remove")}
                    danger
                    quiet
                    small
                    run={async () => {
                      await send(inbox["canned-responses"][":id"].$delete({ param: { id: r.id } }));
                      await canned.refresh();
                    }}
                  />
                </li>
              )}
            </For>
          </ul>
        </Show>
        <form
          class="inbox-settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const data = new FormData(form);
            void attempt(async () => {
              await read(
                inbox["canned-responses"].$post({
                  json: {
                    shortcut: String(data.get("shortcut") ?? ""),
                    title: String(data.get("title") ?? ""),
                    body: String(data.get("body") ?? ""),
                  },
                }),
              );
              await canned.refresh();
            }, form);
          }}
        >
          <label for="canned-shortcut">{t("inbox.shortcut")}</label>
          <input id="canned-shortcut" name="shortcut" required pattern="[a-z0-9_\-]{1,30}" />
          <label for="canned-title">{t("inbox.cannedTitle")}</label>
          <input id="canned-title" name="title" required maxLength={100} />
          <label for="canned-body">{t("inbox.body")}</label>
          <textarea id="canned-body" name="body" required maxLength={4000} rows={3} />
          <button type="submit" class="btn btn-primary">
            {t("inbox.addCanned")}
          </button>
        </form>
      </Panel>
      <RoutingSection />
      <WidgetSection />
      <InboxMacrosSettings />
    </div>
  );
}
