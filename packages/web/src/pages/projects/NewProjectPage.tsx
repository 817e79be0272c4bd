import { A, useNavigate } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { DateInput } from "../../components/kit/DateInput";
import { Field } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { SearchSelect } from "../../components/kit/SearchSelect";
import { Panel } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type ProjectCreate, type ProjectType, projectsApi } from "./api";
import { types } from "./ProjectsPage";

const today = () => new Date().toISOString().slice(0, 10);

/**
 * "New project": name, type and template, the customer (person, subscriber, lead: all optional), the
 * manager, region and start date. The server copies the template's tasks and schedules them from the
 * start; the form then opens the project.
 */
export function NewProjectPage() {
  useTitle(t("projects.create.title"));
  const navigate = useNavigate();
  const templates = createLoad(() => projectsApi.templates());
  const [type, setType] = createSignal<ProjectType>("fiber_optics_installation");
  const [failure, setFailure] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  // The person behind each subscriber found: the customer when no person is picked (or may be picked).
  const personOf = new Map<string, string>();
  const templateOf = (projectType: ProjectType) => templates.data()?.items.find((x) => x.projectType === projectType);

  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const body: ProjectCreate = {
      projectType: type(),
      ...(text("name") ? { name: text("name") } : {}),
      ...(text("templateId") ? { templateId: text("templateId") } : {}),
      ...(text("personId") || personOf.get(text("subscriberId"))
        ? { personId: text("personId") || personOf.get(text("subscriberId")) }
        : {}),
      ...(text("subscriberId") ? { subscriberId: text("subscriberId") } : {}),
      ...(text("leadId") ? { leadId: text("leadId") } : {}),
      ...(text("managerId") ? { managerId: text("managerId") } : {}),
      ...(text("region") ? { region: text("region") } : {}),
      ...(text("startAt") ? { startAt: text("startAt") } : {}),
    };
    setBusy(true);
    setFailure(undefined);
    try {
      const project = await projectsApi.create(body);
      navigate(`/projects/${project.id}`);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page project-new">
      <PageHeader
        crumb={<A href="/projects">{t("projects.title")}</A>}
        title={t("projects.create.title")}
        sub={t("projects.create.sub")}
      />
      <Panel id="project-new" title={t("projects.create.details")}>
        <form
          class="project-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit(e.currentTarget);
          }}
        >
          <ErrorAlert message={failure()} />
          <Field id="project-name" label={t("projects.create.name")} hint={t("projects.create.nameHint")}>
            {(aria) => <input {...aria} name="name" maxLength={200} autocomplete="off" />}
          </Field>
          <Field id="project-type" label={t("projects.create.type")}>
            {(aria) => (
              <select {...aria} name="projectType" onChange={(e) => setType(e.currentTarget.value as ProjectType)}>
                <For each={types}>
                  {(x) => (
                    <option value={x} selected={x === type()}>
                      {t(`projects.type.${x}`)}
                    </option>
                  )}
                </For>
              </select>
            )}
          </Field>
          <Field id="project-template" label={t("projects.create.template")} error={templates.error()}>
            {(aria) => (
              <select {...aria} name="templateId">
                <For each={templates.data()?.items ?? []}>
                  {(x) => (
                    <option value={x.id} selected={x.id === templateOf(type())?.id}>
                      {t("projects.create.templateOption", { name: x.name, tasks: x.tasks.length })}
                    </option>
                  )}
                </For>
              </select>
            )}
          </Field>
          <Show when={can("crm:contact:read")}>
            <SearchSelect
              id="project-person"
              name="personId"
              label={t("projects.create.customer")}
              searchLabel={t("projects.create.customerSearch")}
              choose={t("projects.create.nobody")}
              search={async (q) =>
                (await projectsApi.people(q)).items.map((x) => ({
                  id: x.id,
                  label: [x.displayName, x.phone ?? x.email].filter(Boolean).join(" · "),
                }))
              }
            />
          </Show>
          <Show when={can("subscribers:subscriber:read")}>
            <SearchSelect
              id="project-subscriber"
              name="subscriberId"
              label={t("projects.create.subscriber")}
              searchLabel={t("projects.create.subscriberSearch")}
              choose={t("projects.create.nobody")}
              hint={t("projects.create.subscriberHint")}
              search={async (q) =>
                (await projectsApi.subscribers(q)).items.map((x) => {
                  if (x.person) personOf.set(x.id, x.person.id);
                  return { id: x.id, label: [x.subscriberNumber, x.person?.name].filter(Boolean).join(" · ") };
                })
              }
            />
          </Show>
          <Show when={can("crm:lead:read")}>
            <SearchSelect
              id="project-lead"
              name="leadId"
              label={t("projects.create.lead")}
              searchLabel={t("projects.create.leadSearch")}
              choose={t("projects.create.nobody")}
              search={async (q) => (await projectsApi.leads(q)).items.map((x) => ({ id: x.id, label: x.title }))}
            />
          </Show>
          <SearchSelect
            id="project-manager"
            name="managerId"
            label={t("projects.create.manager")}
            searchLabel={t("projects.create.managerSearch")}
            choose={t("projects.create.nobody")}
            search={async (q) => (await projectsApi.staff(q)).items.map((x) => ({ id: x.id, label: x.name }))}
          />
          <Field id="project-region" label={t("projects.create.region")}>
            {(aria) => <input {...aria} name="region" maxLength={100} autocomplete="off" />}
          </Field>
          <div class="field">
            <label for="project-start">{t("projects.create.start")}</label>
            <DateInput id="project-start" name="startAt" kind="date" value={today()} />
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary" disabled={busy()}>
              {t("projects.create.submit")}
            </button>
            <A class="btn btn-secondary" href="/projects">
              {t("projects.create.cancel")}
            </A>
          </div>
        </form>
      </Panel>
    </div>
  );
}
