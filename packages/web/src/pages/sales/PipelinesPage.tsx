import "./sales.css";
import { A, useSearchParams } from "@solidjs/router";
import { createSignal, For, Show } from "solid-js";
import { errorMessage } from "../../api";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { PageHeader } from "../../components/kit/PageHeader";
import { ErrorState, Panel, Skeleton } from "../../components/ui";
import { useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { can } from "../../session";
import { type Pipeline, salesApi } from "./api";
import { SalesNav } from "./SalesNav";
import { StagesEditor } from "./StagesEditor";

/**
 * Pipeline settings (crm:pipeline:write): the pipelines, one chosen in the address bar (`?id=`), its
 * name and default flag, and its stages (StagesEditor). Others see why they cannot change them.
 */
export function PipelinesPage() {
  useTitle(t("sales.settings.title"));
  const [params, setParams] = useSearchParams<{ id?: string }>();
  const list = createLoad(() => salesApi.pipelines());
  const [notice, setNotice] = createSignal<string>();
  const [failure, setFailure] = createSignal<string>();
  let createDialog: HTMLDialogElement | undefined;
  const items = () => list.data()?.items ?? [];
  const chosen = () => items().find((p) => p.id === params.id) ?? items()[0];

  /** Puts the server's answer in the list (so the editor re-seeds from it) and says what happened. */
  const adopt = (saved: Pipeline, said: string) => {
    list.mutate((cur) =>
      cur
        ? {
            ...cur,
            items: cur.items.map((p) => (p.id === saved.id ? saved : saved.isDefault ? { ...p, isDefault: false } : p)),
          }
        : cur,
    );
    setNotice(said || undefined);
    setFailure(undefined);
  };
  const act = async (run: () => Promise<Pipeline>, said: (p: Pipeline) => string) => {
    try {
      const saved = await run();
      adopt(saved, said(saved));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  return (
    <div class="page sales-page">
      <PageHeader
        crumb={<A href="/sales">{t("sales.lead.back")}</A>}
        title={t("sales.settings.title")}
        sub={t("sales.settings.sub")}
        refreshedAt={list.refreshedAt()}
        onRefresh={() => void list.refresh()}
        refreshing={list.loading()}
        actions={
          <Show when={can("crm:pipeline:write")}>
            <button type="button" class="btn btn-primary" onClick={() => createDialog?.showModal()}>
              {t("sales.settings.newPipeline")}
            </button>
          </Show>
        }
      />
      <SalesNav />
      <Show
        when={can("crm:pipeline:write")}
        fallback={<p class="panel pipeline-denied">{t("sales.settings.denied")}</p>}
      >
        <Notice message={notice()} />
        <ErrorAlert message={failure()} />
        <Show
          when={list.data()}
          fallback={
            <Show when={list.error()} fallback={<Skeleton class="sales-board-skeleton" />}>
              <ErrorState
                title={t("sales.settings.title")}
                detail={list.error() ?? ""}
                onRetry={() => void list.refresh()}
              />
            </Show>
          }
        >
          <div class="pipeline-settings">
            <Panel id="pipelines-title" title={t("sales.settings.pipelines")}>
              <Show when={items().length > 0} fallback={<p class="muted">{t("sales.settings.empty")}</p>}>
                <ul class="pipeline-list">
                  <For each={items()}>
                    {(p) => (
                      <li>
                        <A
                          href={`/sales/pipelines?id=${p.id}`}
                          aria-current={p.id === chosen()?.id ? "page" : undefined}
                          class="pipeline-link"
                          classList={{ "pipeline-link-active": p.id === chosen()?.id }}
                        >
                          {p.name}
                        </A>
                        <Show when={p.isDefault}>
                          <span class="muted small"> · {t("sales.settings.isDefault")}</span>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </Panel>
            <Show when={chosen()}>
              {(p) => (
                <div class="pipeline-detail">
                  <Panel id="pipeline-name-title" title={p().name}>
                    <form
                      class="pipeline-rename"
                      onSubmit={(e) => {
                        e.preventDefault();
                        const name = String(new FormData(e.currentTarget).get("name") ?? "").trim();
                        void act(
                          () => salesApi.updatePipeline(p().id, { name }),
                          (saved) => t("sales.settings.renamed", { name: saved.name }),
                        );
                      }}
                    >
                      <Field id="pipeline-name" label={t("sales.settings.name")}>
                        {(aria) => <input {...aria} name="name" value={p().name} maxLength={80} required />}
                      </Field>
                      <button type="submit" class="btn btn-secondary">
                        {t("sales.settings.rename")}
                      </button>
                      <Show when={!p().isDefault}>
                        <button
                          type="button"
                          class="btn btn-ghost"
                          onClick={() =>
                            void act(
                              () => salesApi.updatePipeline(p().id, { isDefault: true }),
                              (saved) => t("sales.settings.madeDefault", { name: saved.name }),
                            )
                          }
                        >
                          {t("sales.settings.makeDefault")}
                        </button>
                      </Show>
                    </form>
                  </Panel>
                  <StagesEditor pipeline={p()} onSaved={adopt} />
                </div>
              )}
            </Show>
          </div>
        </Show>
        <DialogForm
          id="new-pipeline"
          ref={(el) => {
            createDialog = el;
          }}
          title={t("sales.settings.createTitle")}
          intro={t("sales.settings.createIntro")}
          submitLabel={t("sales.settings.createSubmit")}
          submit={async (form) => {
            const name = String(new FormData(form).get("name") ?? "").trim();
            const made = await salesApi.createPipeline({ name });
            list.mutate((cur) => (cur ? { ...cur, items: [...cur.items, made] } : cur));
            setNotice(t("sales.settings.created", { name: made.name }));
            setParams({ id: made.id });
          }}
        >
          {(errors) => (
            <Field id="new-pipeline-name" label={t("sales.settings.name")} error={errors.field("name")}>
              {(aria) => <input {...aria} name="name" maxLength={80} required autocomplete="off" />}
            </Field>
          )}
        </DialogForm>
      </Show>
    </div>
  );
}
