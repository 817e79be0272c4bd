import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type Rule, type RuleInput, rulePriorities, ruleWorkTypes, type Skill, technicianApi } from "./api";

/**
 * The dispatch rules in order: the first enabled rule matching a new job's work type, priority and
 * region adds its skills to the job and, with auto-assign on, books the best technician.
 */
export function RulesPanel(props: { skills: Skill[]; writable: boolean }) {
  const rules = createLoad(() => technicianApi.rules());
  const [saved, setSaved] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const ordered = () => [...(rules.data()?.items ?? [])].sort((a, b) => a.position - b.position);
  const skillName = (id: string) => props.skills.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const any = t("technicians.rules.any");

  const change = async (work: () => Promise<unknown>, done: string) => {
    setFailure(undefined);
    setSaved(undefined);
    try {
      await work();
      setSaved(done);
      await rules.refresh();
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };
  /** Moves a rule one place up or down by renumbering the whole order (positions 10, 20, …). */
  const move = (rule: Rule, by: -1 | 1) => {
    const list = ordered();
    const at = list.indexOf(rule);
    const other = list[at + by];
    if (!other) return;
    [list[at], list[at + by]] = [other, rule];
    void change(
      async () => {
        for (const [i, r] of list.entries()) {
          if (r.position !== (i + 1) * 10) await technicianApi.updateRule(r.id, { position: (i + 1) * 10 });
        }
      },
      t("technicians.rules.moved", { name: rule.name }),
    );
  };
  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim() || null;
    const input: RuleInput = {
      name: text("name") ?? "",
      workType: text("workType") as RuleInput["workType"],
      priority: text("priority") as RuleInput["priority"],
      region: text("region"),
      skillIds: data.getAll("skillIds").map(String),
      autoAssign: data.get("autoAssign") === "on",
      position: ((ordered().at(-1)?.position ?? 0) + 10) as number,
      enabled: true,
    };
    if (await change(() => technicianApi.createRule(input), t("technicians.rules.created", { name: input.name })))
      form.reset();
  };

  return (
    <section class="panel tech-section" aria-labelledby="dispatch-rules">
      <h2 id="dispatch-rules">{t("technicians.rules.title")}</h2>
      <p class="muted">{t("technicians.rules.intro")}</p>
      <ErrorAlert message={rules.error() && t("technicians.rules.loadFailed", { error: rules.error() ?? "" })} />
      <ErrorAlert message={failure()} />
      <Notice message={saved()} />
      <div class="tech-scroll">
        <table class="tk-table">
          <thead>
            <tr>
              <th scope="col">{t("technicians.rules.order")}</th>
              <th scope="col">{t("technicians.rules.name")}</th>
              <th scope="col">{t("technicians.rules.workType")}</th>
              <th scope="col">{t("technicians.rules.priority")}</th>
              <th scope="col">{t("technicians.region")}</th>
              <th scope="col">{t("technicians.skills")}</th>
              <th scope="col">{t("technicians.rules.autoAssign")}</th>
              <th scope="col">{t("technicians.rules.enabled")}</th>
              <th scope="col">
                <span class="sr-only">{t("technicians.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For
              each={ordered()}
              fallback={
                <tr>
                  <td colSpan={9}>{rules.loading() ? t("technicians.loading") : t("technicians.rules.empty")}</td>
                </tr>
              }
            >
              {(rule, i) => (
                <tr data-rule={rule.id}>
                  <td>{i() + 1}</td>
                  <th scope="row">{rule.name}</th>
                  <td>{rule.workType ? t(`technicians.workTypes.${rule.workType}`) : any}</td>
                  <td>{rule.priority ? t(`technicians.priorities.${rule.priority}`) : any}</td>
                  <td>{rule.region ?? any}</td>
                  <td>{rule.skillIds.map(skillName).join(", ") || "—"}</td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t("technicians.rules.autoAssignOf", { name: rule.name })}
                      checked={rule.autoAssign}
                      disabled={!props.writable}
                      onChange={(e) =>
                        void change(
                          () => technicianApi.updateRule(rule.id, { autoAssign: e.currentTarget.checked }),
                          t("technicians.rules.saved", { name: rule.name }),
                        )
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t("technicians.rules.enabledOf", { name: rule.name })}
                      checked={rule.enabled}
                      disabled={!props.writable}
                      onChange={(e) =>
                        void change(
                          () => technicianApi.updateRule(rule.id, { enabled: e.currentTarget.checked }),
                          t("technicians.rules.saved", { name: rule.name }),
                        )
                      }
                    />
                  </td>
                  <td>
                    <Show when={props.writable}>
                      <button type="button" class="btn-link" disabled={i() === 0} onClick={() => move(rule, -1)}>
                        {t("technicians.rules.up", { name: rule.name })}
                      </button>{" "}
                      <button
                        type="button"
                        class="btn-link"
                        disabled={i() === ordered().length - 1}
                        onClick={() => move(rule, 1)}
                      >
                        {t("technicians.rules.down", { name: rule.name })}
                      </button>{" "}
                      <button
                        type="button"
                        class="btn-link"
                        onClick={() =>
                          void change(
                            () => technicianApi.removeRule(rule.id),
                            t("technicians.rules.removed", { name: rule.name }),
                          )
                        }
                      >
                        {t("technicians.rules.remove", { name: rule.name })}
                      </button>
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.writable}>
        <form class="tech-form" onSubmit={add} aria-labelledby="rule-add">
          <h3 id="rule-add">{t("technicians.rules.add")}</h3>
          <div class="field-row">
            <label class="field">
              <span>{t("technicians.rules.name")}</span>
              <input name="name" required maxLength={100} />
            </label>
            <label class="field">
              <span>{t("technicians.rules.workType")}</span>
              <select name="workType">
                <option value="">{any}</option>
                <For each={ruleWorkTypes}>{(w) => <option value={w}>{t(`technicians.workTypes.${w}`)}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>{t("technicians.rules.priority")}</span>
              <select name="priority">
                <option value="">{any}</option>
                <For each={rulePriorities}>{(p) => <option value={p}>{t(`technicians.priorities.${p}`)}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>{t("technicians.region")}</span>
              <input name="region" maxLength={100} />
            </label>
          </div>
          <fieldset class="tk-fieldset">
            <legend>{t("technicians.rules.requiredSkills")}</legend>
            <div class="field-row">
              <For each={props.skills} fallback={<p class="muted">{t("technicians.catalogueEmpty")}</p>}>
                {(s) => (
                  <label class="check">
                    <input type="checkbox" name="skillIds" value={s.id} />
                    <span>{s.name}</span>
                  </label>
                )}
              </For>
            </div>
          </fieldset>
          <label class="check">
            <input type="checkbox" name="autoAssign" />
            <span>{t("technicians.rules.autoAssignLabel")}</span>
          </label>
          <button type="submit" class="btn btn-secondary">
            {t("technicians.rules.addButton")}
          </button>
        </form>
      </Show>
    </section>
  );
}
