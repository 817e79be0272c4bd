import { A } from "@solidjs/router";
import { createEffect, createSignal, For, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { errorMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { Field } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { ErrorState, Panel, Spinner } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type ProjectType, projectsApi, type Template } from "./api";
import { SlaPolicies } from "./SlaPolicies";
import { type Draft, TemplateEditor } from "./TemplateEditor";

const draftOf = (x: Template): Draft => ({
  name: x.name,
  dueDays: x.dueDays,
  tasks: x.tasks.map(({ id: _, ...task }) => task),
  dependencies: x.dependencies.map((d) => ({ ...d })),
});

/**
 * Project templates: one per project type. Pick a type, edit its tasks and dependencies, save. The
 * server keeps tasks by key and refuses a dependency loop with a message naming it, shown as is.
 */
export function TemplatesPage() {
  useTitle(t("projects.templates.title"));
  const templates = createLoad(() => projectsApi.templates(), { keepOnError: true });
  const [type, setType] = createSignal<ProjectType>("fiber_optics_installation");
  const [draft, setDraft] = createStore<Draft>({ name: "", dueDays: 0, tasks: [], dependencies: [] });
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  const current = () => templates.data()?.items.find((x) => x.projectType === type());
  createEffect(() => {
    const x = current();
    if (x) setDraft(reconcile(draftOf(x)));
  });
  const editable = () => can("project:update");

  const save = async () => {
    setBusy(true);
    setFailure(undefined);
    setNotice(undefined);
    try {
      const saved = await projectsApi.saveTemplate(type(), {
        name: draft.name,
        dueDays: draft.dueDays,
        tasks: draft.tasks,
        dependencies: draft.dependencies,
      });
      setNotice(t("projects.templates.saved", { name: saved.name, tasks: saved.tasks.length }));
      await templates.refresh();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page project-templates">
      <PageHeader
        crumb={<A href="/projects">{t("projects.title")}</A>}
        title={t("projects.templates.title")}
        sub={t("projects.templates.sub")}
      />
      <Show
        when={templates.data()}
        fallback={
          <Show when={templates.error()} fallback={<Spinner />}>
            <ErrorState
              title={t("projects.templates.title")}
              detail={templates.error() ?? ""}
              onRetry={() => void templates.refresh()}
            />
          </Show>
        }
      >
        {(list) => (
          <>
            <Panel id="template-editor" title={current()?.name ?? ""}>
              <form
                class="template-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void save();
                }}
              >
                <Field id="template-type" label={t("projects.templates.pick")}>
                  {(aria) => (
                    <select {...aria} onChange={(e) => setType(e.currentTarget.value as ProjectType)}>
                      <For each={list().items}>
                        {(x) => (
                          <option value={x.projectType} selected={x.projectType === type()}>
                            {t(`projects.type.${x.projectType}`)}
                          </option>
                        )}
                      </For>
                    </select>
                  )}
                </Field>
                <div class="template-meta">
                  <Field id="template-name" label={t("projects.templates.name")}>
                    {(aria) => (
                      <input
                        {...aria}
                        value={draft.name}
                        maxLength={200}
                        required
                        onInput={(e) => setDraft("name", e.currentTarget.value)}
                      />
                    )}
                  </Field>
                  <Field id="template-due" label={t("projects.templates.dueDays")}>
                    {(aria) => (
                      <input
                        {...aria}
                        type="number"
                        min="0"
                        max="3650"
                        value={draft.dueDays}
                        onInput={(e) => setDraft("dueDays", Math.trunc(Number(e.currentTarget.value) || 0))}
                      />
                    )}
                  </Field>
                </div>
                <TemplateEditor draft={draft} set={setDraft} />
                <div aria-live="polite">
                  <Notice message={notice()} />
                </div>
                <ErrorAlert message={failure()} />
                <Show when={editable()}>
                  <div class="template-actions">
                    <button type="submit" class="btn btn-primary" disabled={busy()}>
                      {t("projects.templates.save")}
                    </button>
                    <button
                      type="button"
                      class="btn btn-secondary"
                      onClick={() => {
                        const x = current();
                        if (x) setDraft(reconcile(draftOf(x)));
                        setFailure(undefined);
                      }}
                    >
                      {t("projects.templates.reset")}
                    </button>
                  </div>
                </Show>
              </form>
            </Panel>
            {/* The targets follow the saved template: a policy names a task key the server already has. */}
            <SlaPolicies projectType={type()} tasks={current()?.tasks ?? []} />
          </>
        )}
      </Show>
    </div>
  );
}
