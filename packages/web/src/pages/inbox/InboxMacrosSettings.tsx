import { createSignal, For, Index, Show } from "solid-js";
import { client, errorMessage, read, send } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { Panel } from "../../components/ui";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { loadMacros, type Macro } from "./RunMacroMenu";

type StepType = Macro["actions"][number]["type"];
const stepTypes: StepType[] = [
  "assign",
  "transfer",
  "status",
  "priority",
  "add_label",
  "remove_label",
  "send_canned",
  "send_template",
  "note",
];
const statuses = ["open", "pending", "resolved"] as const;
const priorities = ["none", "low", "medium", "high", "urgent"] as const;

interface Draft {
  type: StepType;
  value: string;
}

/** The step as the API takes it, from the form's type and value. */
function toStep(d: Draft): Macro["actions"][number] {
  switch (d.type) {
    case "assign":
      return { type: "assign", userId: d.value };
    case "transfer":
      return { type: "transfer", teamId: d.value };
    case "status":
      return { type: "status", status: d.value as (typeof statuses)[number] };
    case "priority":
      return { type: "priority", priority: d.value as (typeof priorities)[number] };
    case "add_label":
    case "remove_label":
      return { type: d.type, label: d.value };
    case "send_canned":
      return { type: "send_canned", cannedId: d.value };
    case "send_template": {
      const [name = "", language = ""] = d.value.trim().split(/\s+/);
      return { type: "send_template", name, language, variables: [] };
    }
    case "note":
      return { type: "note", body: d.value };
  }
}

/** Settings › Inbox › Macros: the macros the agent may run, and a form to compose one step by step. */
export function InboxMacrosSettings() {
  const inbox = client.api.v1.inbox;
  const macros = loadMacros();
  const labels = createLoad(() => read(inbox.labels.$get()), { keepOnError: true });
  const canned = createLoad(() => read(inbox["canned-responses"].$get()), { keepOnError: true });
  const agents = createLoad(async () =>
    can("crm:inbox:admin") || can("crm:inbox:settings:read") ? read(inbox.agents.$get()) : { items: [] },
  );
  const teams = createLoad(async () =>
    can("support:ticket:read") || can("system:settings:read") ? read(client.api.v1.teams.$get()) : { items: [] },
  );
  const [steps, setSteps] = createSignal<Draft[]>([{ type: "add_label", value: "" }]);
  const [failure, setFailure] = createSignal<string>();

  const options = (type: StepType): { value: string; label: string }[] | undefined => {
    switch (type) {
      case "assign":
        return (agents.data()?.items ?? []).map((a) => ({ value: a.userId, label: a.name }));
      case "transfer":
        return (teams.data()?.items ?? []).map((x) => ({ value: x.id, label: x.name }));
      case "status":
        return statuses.map((s) => ({ value: s, label: t(`inbox.statusName.${s}`) }));
      case "priority":
        return priorities.map((p) => ({ value: p, label: t(`inbox.priorityName.${p}`) }));
      case "add_label":
      case "remove_label":
        return (labels.data()?.items ?? []).map((l) => ({ value: l.name, label: l.name }));
      case "send_canned":
        return (canned.data()?.items ?? []).map((c) => ({ value: c.id, label: `/${c.shortcut} ${c.title}` }));
      default:
        return undefined;
    }
  };
  const update = (i: number, patch: Partial<Draft>) =>
    setSteps(steps().map((s, j) => (j === i ? { ...s, ...patch, ...(patch.type ? { value: "" } : {}) } : s)));
  const describe = (m: Macro) => m.actions.map((a) => t(`inboxMacros.type.${a.type}`)).join(" → ");

  return (
    <Panel id="inbox-macros-title" title={t("inboxMacros.settings")} sub={t("inboxMacros.settingsSub")}>
      <ErrorAlert message={failure() ?? macros.error()} />
      <Show when={(macros.data()?.items.length ?? 0) > 0} fallback={<p class="muted">{t("inboxMacros.none")}</p>}>
        <ul class="inbox-settings-list">
          <For each={macros.data()?.items ?? []}>
            {(m) => (
              <li>
                <strong>{m.name}</strong> <span class="badge">{t(`inboxMacros.visibilityName.${m.visibility}`)}</span>{" "}
                {describe(m)} <span class="muted">({t("inboxMacros.runs", m.runCount)})</span>
                <Show when={m.editable}>
                  <ConfirmAction
                    label={t("inboxMacros.remove")}
                    prompt={t("inboxMacros.removeConfirm", { name: m.name })}
                    confirmLabel={t("inboxMacros.remove")}
                    danger
                    quiet
                    small
                    run={async () => {
                      await send(inbox.macros[":id"].$delete({ param: { id: m.id } }));
                      await macros.refresh();
                    }}
                  />
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <form
        class="inbox-settings-form inbox-macro-form"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          setFailure(undefined);
          void (async () => {
            try {
              await read(
                inbox.macros.$post({
                  json: {
                    name: String(data.get("name") ?? ""),
                    visibility: data.get("visibility") === "shared" ? "shared" : "personal",
                    actions: steps().map(toStep),
                  },
                }),
              );
              form.reset();
              setSteps([{ type: "add_label", value: "" }]);
              await macros.refresh();
            } catch (error) {
              setFailure(errorMessage(error));
            }
          })();
        }}
      >
        <label for="macro-name">{t("inboxMacros.name")}</label>
        <input id="macro-name" name="name" required maxLength={100} />
        <label for="macro-visibility">{t("inboxMacros.visibility")}</label>
        <select id="macro-visibility" name="visibility">
          <option value="personal">{t("inboxMacros.visibilityName.personal")}</option>
          <option value="shared">{t("inboxMacros.visibilityName.shared")}</option>
        </select>
        <fieldset class="inbox-macro-steps">
          <legend>{t("inboxMacros.steps")}</legend>
          <ol>
            <Index each={steps()}>
              {(step, i) => (
                <li>
                  <label class="sr-only" for={`macro-step-${i}-type`}>
                    {t("inboxMacros.stepType", { n: String(i + 1) })}
                  </label>
                  <select
                    id={`macro-step-${i}-type`}
                    value={step().type}
                    onChange={(e) => update(i, { type: e.currentTarget.value as StepType })}
                  >
                    <For each={stepTypes}>
                      {(type) => <option value={type}>{t(`inboxMacros.type.${type}`)}</option>}
                    </For>
                  </select>
                  <label class="sr-only" for={`macro-step-${i}-value`}>
                    {t("inboxMacros.stepValue", { n: String(i + 1) })}
                  </label>
                  <Show
                    when={options(step().type)}
                    fallback={
                      <input
                        id={`macro-step-${i}-value`}
                        required
                        value={step().value}
                        placeholder={step().type === "send_template" ? t("inboxMacros.templateHint") : ""}
                        onInput={(e) => update(i, { value: e.currentTarget.value })}
                      />
                    }
                  >
                    {(choices) => (
                      <select
                        id={`macro-step-${i}-value`}
                        required
                        value={step().value}
                        onChange={(e) => update(i, { value: e.currentTarget.value })}
                      >
                        <option value="">{t("inboxMacros.choose")}</option>
                        {/* Index keeps the option elements (and so the chosen one) when the list is recomputed. */}
                        <Index each={choices()}>{(o) => <option value={o().value}>{o().label}</option>}</Index>
                      </select>
                    )}
                  </Show>
                  <Show when={steps().length > 1}>
                    <button
                      type="button"
                      class="btn btn-ghost btn-small"
                      onClick={() => setSteps(steps().filter((_, j) => j !== i))}
                    >
                      {t("inboxMacros.removeStep", { n: String(i + 1) })}
                    </button>
                  </Show>
                </li>
              )}
            </Index>
          </ol>
          <button
            type="button"
            class="btn btn-secondary btn-small"
            onClick={() => setSteps([...steps(), { type: "status", value: "" }])}
          >
            {t("inboxMacros.addStep")}
          </button>
        </fieldset>
        <button type="submit" class="btn btn-primary">
          {t("inboxMacros.create")}
        </button>
      </form>
    </Panel>
  );
}
