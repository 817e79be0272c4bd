import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { ConfirmAction } from "../../components/kit/ConfirmAction";
import { PageHeader } from "../../components/kit/PageHeader";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { technicianApi } from "./api";
import { RulesPanel } from "./RulesPanel";

/** The skills catalogue and the ordered dispatch rules (operations:technician:read; edits need :write). */
export function DispatchSettingsPage() {
  useTitle(t("technicians.settings.title"));
  const skills = createLoad(() => technicianApi.skills());
  const [saved, setSaved] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const writable = () => can("operations:technician:write");

  const change = async (work: () => Promise<unknown>, done: string) => {
    setFailure(undefined);
    setSaved(undefined);
    try {
      await work();
      setSaved(done);
      await skills.refresh();
      return true;
    } catch (error) {
      setFailure(errorMessage(error));
      return false;
    }
  };
  const addSkill = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get("name") ?? "").trim();
    const description = String(data.get("description") ?? "").trim() || null;
    if (!name) return;
    const ok = await change(
      () => technicianApi.createSkill(name, description),
      t("technicians.settings.skillCreated", { name }),
    );
    if (ok) form.reset();
  };

  return (
    <div class="page">
      <PageHeader
        title={t("technicians.settings.title")}
        sub={t("technicians.settings.sub")}
        refreshedAt={skills.refreshedAt()}
        onRefresh={() => void skills.refresh()}
        refreshing={skills.loading()}
      />
      <ErrorAlert message={skills.error() && t("technicians.settings.skillsFailed", { error: skills.error() ?? "" })} />
      <ErrorAlert message={failure()} />
      <Notice message={saved()} />
      <section class="panel tech-section" aria-labelledby="skills-catalogue">
        <h2 id="skills-catalogue">{t("technicians.settings.catalogue")}</h2>
        <ul class="tech-list" aria-labelledby="skills-catalogue">
          <For
            each={skills.data()?.items}
            fallback={
              <li class="muted">{skills.loading() ? t("technicians.loading") : t("technicians.catalogueEmpty")}</li>
            }
          >
            {(skill) => (
              <li data-skill={skill.id}>
                <strong>{skill.name}</strong>
                <Show when={skill.description}>
                  <span class="muted">{skill.description}</span>
                </Show>
                <Show when={writable()}>
                  <ConfirmAction
                    label={t("technicians.settings.removeSkill", { name: skill.name })}
                    prompt={t("technicians.settings.removePrompt", { name: skill.name })}
                    confirmLabel={t("technicians.settings.confirmRemove")}
                    danger
                    quiet
                    small
                    run={async () => {
                      await technicianApi.removeSkill(skill.id);
                      setSaved(t("technicians.settings.skillRemoved", { name: skill.name }));
                      await skills.refresh();
                    }}
                  />
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={writable()}>
          <form class="field-row tech-form" onSubmit={addSkill} aria-label={t("technicians.settings.addSkill")}>
            <label class="field">
              <span>{t("technicians.settings.skillName")}</span>
              <input name="name" required maxLength={100} />
            </label>
            <label class="field">
              <span>{t("technicians.settings.description")}</span>
              <input name="description" maxLength={500} />
            </label>
            <button type="submit" class="btn btn-secondary">
              {t("technicians.settings.addSkill")}
            </button>
          </form>
        </Show>
      </section>
      <RulesPanel skills={skills.data()?.items ?? []} writable={writable()} />
    </div>
  );
}
