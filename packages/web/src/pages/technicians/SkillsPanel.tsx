import { For, Show } from "solid-js";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type SkillEntry, type TechnicianDetail, technicianApi } from "./api";

const levels = [1, 2, 3, 4, 5] as const;

/** A technician's skills: proficiency 1–5 and at most one primary; every change replaces the set. */
export function SkillsPanel(props: {
  tech: TechnicianDetail;
  writable: boolean;
  change: (work: () => Promise<unknown>, done: string) => Promise<boolean>;
}) {
  const catalogue = createLoad(() => technicianApi.skills());
  const held = (): SkillEntry[] =>
    props.tech.skills.map((s) => ({ skillId: s.skillId, proficiency: s.proficiency, isPrimary: s.isPrimary }));
  const available = () => (catalogue.data()?.items ?? []).filter((s) => !held().some((h) => h.skillId === s.id));
  const replace = (skills: SkillEntry[], done: string) =>
    props.change(() => technicianApi.setSkills(props.tech.userId, skills), done);

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const skillId = String(data.get("skillId") ?? "");
    if (!skillId) return;
    const primary = data.get("isPrimary") === "on";
    const skills = [
      ...held().map((s) => (primary ? { ...s, isPrimary: false } : s)),
      { skillId, proficiency: Number(data.get("proficiency")), isPrimary: primary },
    ];
    const name = catalogue.data()?.items.find((s) => s.id === skillId)?.name ?? "";
    if (await replace(skills, t("technicians.skillAdded", { name }))) form.reset();
  };
  const setLevel = (skillId: string, proficiency: number) =>
    void replace(
      held().map((s) => (s.skillId === skillId ? { ...s, proficiency } : s)),
      t("technicians.skillsSaved"),
    );
  const setPrimary = (skillId: string) =>
    void replace(
      held().map((s) => ({ ...s, isPrimary: s.skillId === skillId })),
      t("technicians.skillsSaved"),
    );
  const remove = (skillId: string) =>
    void replace(
      held().filter((s) => s.skillId !== skillId),
      t("technicians.skillsSaved"),
    );

  return (
    <section class="panel tech-section" aria-labelledby="tech-skills">
      <h2 id="tech-skills">{t("technicians.skills")}</h2>
      <div class="tech-scroll">
        <table class="tk-table">
          <thead>
            <tr>
              <th scope="col">{t("technicians.skill")}</th>
              <th scope="col">{t("technicians.proficiency")}</th>
              <th scope="col">{t("technicians.primary")}</th>
              <th scope="col">
                <span class="sr-only">{t("technicians.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For
              each={props.tech.skills}
              fallback={
                <tr>
                  <td colSpan={4}>{t("technicians.noSkills")}</td>
                </tr>
              }
            >
              {(skill) => (
                <tr data-skill={skill.skillId}>
                  <th scope="row">{skill.name}</th>
                  <td>
                    <select
                      aria-label={t("technicians.proficiencyOf", { name: skill.name })}
                      value={String(skill.proficiency)}
                      disabled={!props.writable}
                      onChange={(e) => setLevel(skill.skillId, Number(e.currentTarget.value))}
                    >
                      <For each={levels}>{(n) => <option value={n}>{t(`technicians.levels.${n}`)}</option>}</For>
                    </select>
                  </td>
                  <td>
                    <input
                      type="radio"
                      name="primary-skill"
                      aria-label={t("technicians.primaryOf", { name: skill.name })}
                      checked={skill.isPrimary}
                      disabled={!props.writable}
                      onChange={() => setPrimary(skill.skillId)}
                    />
                  </td>
                  <td>
                    <Show when={props.writable}>
                      <button type="button" class="btn-link" onClick={() => remove(skill.skillId)}>
                        {t("technicians.removeSkill", { name: skill.name })}
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
        <Show
          when={available().length}
          fallback={
            <p class="muted">
              {catalogue.error() ??
                (catalogue.data()?.items.length ? t("technicians.allSkillsHeld") : t("technicians.catalogueEmpty"))}
            </p>
          }
        >
          <form class="field-row tech-form" onSubmit={add} aria-label={t("technicians.addSkill")}>
            <label class="field">
              <span>{t("technicians.skill")}</span>
              <select name="skillId" required>
                <For each={available()}>{(s) => <option value={s.id}>{s.name}</option>}</For>
              </select>
            </label>
            <label class="field">
              <span>{t("technicians.proficiency")}</span>
              <select name="proficiency" value="3">
                <For each={levels}>{(n) => <option value={n}>{t(`technicians.levels.${n}`)}</option>}</For>
              </select>
            </label>
            <label class="check">
              <input type="checkbox" name="isPrimary" />
              <span>{t("technicians.primary")}</span>
            </label>
            <button type="submit" class="btn btn-secondary">
              {t("technicians.addSkill")}
            </button>
          </form>
        </Show>
      </Show>
    </section>
  );
}
