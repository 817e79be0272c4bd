import type { InferResponseType } from "hono/client";
import { createSignal, For, Index, Show } from "solid-js";
import { client, errorMessage, read } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { Panel } from "../../components/ui";
import { t } from "../../i18n";
import { copyText } from "../../lib/copy";
import { createLoad } from "../../lib/load";

const widgets = client.api.v1.inbox.settings.widgets;
type Widget = InferResponseType<typeof widgets.$get, 200>["items"][number];
type Settings = Widget["settings"];
type Requirement = Settings["preChat"]["name"];

/** Brand colours with white text, each above WCAG AA (4.5:1); "custom" takes any pair the server accepts. */
const palette = [
  { id: "blue", primary: "#0b5cad" },
  { id: "teal", primary: "#0f766e" },
  { id: "green", primary: "#166534" },
  { id: "purple", primary: "#6d28d9" },
  { id: "red", primary: "#b42318" },
  { id: "slate", primary: "#1f2937" },
] as const;
const requirements: Requirement[] = ["off", "optional", "required"];
const fields = ["name", "email", "phone"] as const;

/** Settings › Inbox › Web chat: each widget's look, greeting, sites, pre-chat form and the snippet to paste. */
export function WidgetSection() {
  const list = createLoad(() => read(widgets.$get()), { keepOnError: true });
  return (
    <Panel id="widget-settings-title" title={t("inbox.webchat.title")} sub={t("inbox.webchat.sub")}>
      <ErrorAlert message={list.error()} />
      <Show when={(list.data()?.items.length ?? 0) > 0} fallback={<p class="muted">{t("inbox.webchat.none")}</p>}>
        {/* Index, not For: a refreshed widget updates its form in place, so the "saved" status stays. */}
        <Index each={list.data()?.items ?? []}>
          {(w) => <WidgetForm widget={w()} onSaved={() => list.refresh()} />}
        </Index>
      </Show>
    </Panel>
  );
}

function WidgetForm(props: { widget: Widget; onSaved: () => Promise<void> }) {
  const w = () => props.widget;
  const key = (name: string) => `${name}-${w().id}`;
  const initialSwatch = () =>
    palette.find((p) => p.primary === w().settings.colors.primary && w().settings.colors.onPrimary === "#ffffff")?.id ??
    "custom";
  const [swatch, setSwatch] = createSignal<string>(initialSwatch());
  const [failure, setFailure] = createSignal<string>();
  const [status, setStatus] = createSignal("");
  const [busy, setBusy] = createSignal(false);

  const save = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const chosen = palette.find((p) => p.id === swatch());
    const colors = chosen
      ? { primary: chosen.primary, onPrimary: "#ffffff" }
      : { primary: String(data.get("primary")), onPrimary: String(data.get("onPrimary")) };
    const settings: Settings = {
      ...w().settings,
      colors,
      greeting: String(data.get("greeting") ?? ""),
      offlineMessage: String(data.get("offlineMessage") ?? ""),
      allowedOrigins: String(data.get("origins") ?? "")
        .split(/\s+/)
        .filter(Boolean),
      preChat: {
        name: data.get("preName") as Requirement,
        email: data.get("preEmail") as Requirement,
        phone: data.get("prePhone") as Requirement,
      },
    };
    setFailure(undefined);
    setStatus("");
    setBusy(true);
    try {
      await read(widgets[":id"].$patch({ param: { id: w().id }, json: { settings } }));
      await props.onSaved();
      setStatus(t("inbox.webchat.saved", { name: w().name }));
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    const box = document.getElementById(key("snippet")) as HTMLTextAreaElement | null;
    setStatus(t((await copyText(w().snippet, box)) ? "inbox.webchat.copied" : "inbox.webchat.copyByHand"));
  };

  return (
    <form
      class="widget-form"
      aria-labelledby={key("widget-name")}
      onSubmit={(e) => {
        e.preventDefault();
        void save(e.currentTarget);
      }}
    >
      <h3 id={key("widget-name")} class="widget-form-title">
        {w().name}{" "}
        <span class="badge" data-status={w().status}>
          {t(`inbox.webchat.status.${w().status}`)}
        </span>
      </h3>
      <ErrorAlert message={failure()} />
      <div class="field">
        <label for={key("greeting")}>{t("inbox.webchat.greeting")}</label>
        <textarea id={key("greeting")} name="greeting" required maxLength={500} rows={2}>
          {w().settings.greeting}
        </textarea>
      </div>
      <fieldset class="widget-palette">
        <legend>{t("inbox.webchat.colour")}</legend>
        <For each={[...palette.map((p) => p.id), "custom"]}>
          {(id) => (
            <label class="widget-swatch">
              <input type="radio" name="swatch" value={id} checked={swatch() === id} onChange={() => setSwatch(id)} />
              <span class="widget-swatch-chip" data-swatch={id} aria-hidden="true" />
              {t(`inbox.webchat.palette.${id as (typeof palette)[number]["id"] | "custom"}`)}
            </label>
          )}
        </For>
      </fieldset>
      <Show when={swatch() === "custom"}>
        <div class="widget-custom">
          <div class="field">
            <label for={key("primary")}>{t("inbox.webchat.primary")}</label>
            <input id={key("primary")} name="primary" type="color" value={w().settings.colors.primary} />
          </div>
          <div class="field">
            <label for={key("onPrimary")}>{t("inbox.webchat.onPrimary")}</label>
            <input id={key("onPrimary")} name="onPrimary" type="color" value={w().settings.colors.onPrimary} />
          </div>
          <p class="muted">{t("inbox.webchat.contrastHint")}</p>
        </div>
      </Show>
      <div class="field">
        <label for={key("origins")}>{t("inbox.webchat.origins")}</label>
        <textarea
          id={key("origins")}
          name="origins"
          required
          rows={2}
          aria-describedby={key("origins-hint")}
          spellcheck={false}
        >
          {w().settings.allowedOrigins.join("\n")}
        </textarea>
        <p id={key("origins-hint")} class="field-hint">
          {t("inbox.webchat.originsHint")}
        </p>
      </div>
      <fieldset class="widget-prechat">
        <legend>{t("inbox.webchat.preChat")}</legend>
        <For each={fields}>
          {(f) => {
            const name = `pre${f[0]?.toUpperCase()}${f.slice(1)}`;
            return (
              <div class="field">
                <label for={key(name)}>{t(`inbox.webchat.field.${f}`)}</label>
                <select id={key(name)} name={name} value={w().settings.preChat[f]}>
                  <For each={requirements}>
                    {(r) => <option value={r}>{t(`inbox.webchat.requirement.${r}`)}</option>}
                  </For>
                </select>
              </div>
            );
          }}
        </For>
      </fieldset>
      <div class="field">
        <label for={key("offline")}>{t("inbox.webchat.offlineMessage")}</label>
        <textarea
          id={key("offline")}
          name="offlineMessage"
          required
          maxLength={500}
          rows={2}
          aria-describedby={key("offline-hint")}
        >
          {w().settings.offlineMessage}
        </textarea>
        <p id={key("offline-hint")} class="field-hint">
          {w().settings.hours ? t("inbox.webchat.hoursSet") : t("inbox.webchat.alwaysOpen")}
        </p>
      </div>
      <div class="widget-actions">
        <button type="submit" class="btn btn-primary" disabled={busy()}>
          {t("inbox.webchat.save")}
        </button>
      </div>
      <div class="field">
        <label for={key("snippet")}>{t("inbox.webchat.snippet")}</label>
        <textarea id={key("snippet")} class="widget-snippet" readOnly rows={3} spellcheck={false}>
          {w().snippet}
        </textarea>
        <div class="widget-actions">
          <button type="button" class="btn" onClick={() => void copy()}>
            {t("inbox.webchat.copy")}
          </button>
        </div>
      </div>
      <p class="widget-status" role="status">
        {status()}
      </p>
    </form>
  );
}
