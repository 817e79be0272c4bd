import { createEffect, createSignal, For, Index, on, Show } from "solid-js";
import { ApiError, errorMessage, fieldMessage } from "../../api";
import { ErrorAlert } from "../../components/kit/Alert";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { Panel } from "../../components/ui";
import { t } from "../../i18n";
import { type Pipeline, type Stage, salesApi } from "./api";

const statuses = ["new", "contacted", "qualified", "proposal", "negotiation"] as const;
type Draft = { key: string; id?: string; name: string; probability: string; status: string };
let fresh = 0;

const draftOf = (p: Pipeline): Draft[] =>
  p.stages.map((s) => ({
    key: s.id,
    id: s.id,
    name: s.name,
    probability: String(s.defaultProbability),
    status: s.status ?? "",
  }));

/**
 * A pipeline's stages in board order, edited as a draft and saved in one request: rename, win
 * probability, the status a lead takes there, new stages, and order by Up/Down buttons (focus follows
 * the moved stage, so the keyboard can keep moving it). Archiving is its own step on saved stages.
 */
export function StagesEditor(props: { pipeline: Pipeline; onSaved: (p: Pipeline, said: string) => void }) {
  const [rows, setRows] = createSignal<Draft[]>(draftOf(props.pipeline));
  const [dirty, setDirty] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  const [archiving, setArchiving] = createSignal<Stage>();
  let archiveDialog: HTMLDialogElement | undefined;
  createEffect(
    on(
      () => props.pipeline,
      (p) => {
        setRows(draftOf(p));
        setDirty(false);
        setFailure(undefined);
      },
    ),
  );

  const edit = (key: string, patch: Partial<Draft>) => {
    setRows((r) => r.map((row) => (row.key === key ? { ...row, ...patch } : row)));
    setDirty(true);
  };
  const shift = (index: number, by: -1 | 1, button: "up" | "down") => {
    const list = [...rows()];
    const [row] = list.splice(index, 1);
    if (!row) return;
    list.splice(index + by, 0, row);
    setRows(list);
    setDirty(true);
    // At the top or the bottom the pressed button is disabled: focus its twin instead.
    const at = index + by;
    const edge = (button === "up" && at === 0) || (button === "down" && at === list.length - 1);
    queueMicrotask(() =>
      document.getElementById(`stage-${row.key}-${edge ? (button === "up" ? "down" : "up") : button}`)?.focus(),
    );
  };
  const add = () => {
    const key = `new-${++fresh}`;
    setRows((r) => [...r, { key, name: t("sales.settings.newStage"), probability: "50", status: "" }]);
    setDirty(true);
    queueMicrotask(() => (document.getElementById(`stage-${key}-name`) as HTMLInputElement | null)?.select());
  };
  const save = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      const saved = await salesApi.updatePipeline(props.pipeline.id, {
        stages: rows().map((r) => ({
          ...(r.id ? { id: r.id } : {}),
          name: r.name,
          defaultProbability: Number(r.probability),
          status: (r.status || null) as Stage["status"],
        })),
      });
      props.onSaved(saved, t("sales.settings.saved"));
    } catch (error) {
      setFailure(() => error);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (i: number, key: string) => fieldMessage(failure(), `stages.${i}.${key}`);
  const generalError = () => {
    const error = failure();
    if (!error) return undefined;
    if (error instanceof ApiError && error.fields.length > 0 && error.fields.every((f) => /^stages\.\d/.test(f.path)))
      return undefined;
    return errorMessage(error);
  };

  return (
    <Panel id="stages-title" title={t("sales.settings.stages", { name: props.pipeline.name })}>
      <form
        class="stages-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ErrorAlert message={generalError()} />
        <ol class="stage-rows">
          <Index each={rows()}>
            {(row, i) => (
              <li class="stage-row" data-stage={row().name}>
                <span class="stage-pos muted">{t("sales.settings.position", { n: i + 1 })}</span>
                <Field
                  id={`stage-${row().key}-name`}
                  label={t("sales.settings.stageName")}
                  error={fieldError(i, "name")}
                >
                  {(aria) => (
                    <input
                      {...aria}
                      value={row().name}
                      maxLength={80}
                      required
                      onInput={(e) => edit(row().key, { name: e.currentTarget.value })}
                    />
                  )}
                </Field>
                <Field
                  id={`stage-${row().key}-probability`}
                  label={t("sales.settings.probability")}
                  error={fieldError(i, "defaultProbability")}
                >
                  {(aria) => (
                    <input
                      {...aria}
                      type="number"
                      min="0"
                      max="100"
                      step="1"
                      required
                      value={row().probability}
                      onInput={(e) => edit(row().key, { probability: e.currentTarget.value })}
                    />
                  )}
                </Field>
                <Field id={`stage-${row().key}-status`} label={t("sales.settings.status")}>
                  {(aria) => (
                    <select {...aria} onChange={(e) => edit(row().key, { status: e.currentTarget.value })}>
                      <option value="" selected={row().status === ""}>
                        {t("sales.settings.keepStatus")}
                      </option>
                      <For each={statuses}>
                        {(s) => (
                          <option value={s} selected={row().status === s}>
                            {t(`sales.status.${s}`)}
                          </option>
                        )}
                      </For>
                    </select>
                  )}
                </Field>
                <div class="stage-actions">
                  <button
                    id={`stage-${row().key}-up`}
                    type="button"
                    class="btn btn-secondary btn-small"
                    disabled={i === 0}
                    aria-label={t("sales.settings.up", { name: row().name })}
                    title={t("sales.settings.up", { name: row().name })}
                    onClick={() => shift(i, -1, "up")}
                  >
                    ↑
                  </button>
                  <button
                    id={`stage-${row().key}-down`}
                    type="button"
                    class="btn btn-secondary btn-small"
                    disabled={i === rows().length - 1}
                    aria-label={t("sales.settings.down", { name: row().name })}
                    title={t("sales.settings.down", { name: row().name })}
                    onClick={() => shift(i, 1, "down")}
                  >
                    ↓
                  </button>
                  <Show
                    when={row().id}
                    fallback={
                      <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        onClick={() => setRows((r) => r.filter((x) => x.key !== row().key))}
                      >
                        {t("kit.cancel")}
                      </button>
                    }
                  >
                    <button
                      type="button"
                      class="btn btn-ghost btn-small"
                      disabled={dirty() || rows().length < 2}
                      aria-label={t("sales.settings.archiveLabel", { name: row().name })}
                      onClick={() => {
                        setArchiving(props.pipeline.stages.find((s) => s.id === row().id));
                        archiveDialog?.showModal();
                      }}
                    >
                      {t("sales.settings.archive")}
                    </button>
                  </Show>
                </div>
              </li>
            )}
          </Index>
        </ol>
        <Show when={dirty()}>
          <p class="muted small">{t("sales.settings.archiveFirst")}</p>
        </Show>
        <div class="stage-save-row">
          <button type="button" class="btn btn-secondary" onClick={add}>
            {t("sales.settings.addStage")}
          </button>
          <span class="spacer" />
          <Show when={dirty()}>
            <span class="muted" role="status">
              {t("sales.settings.unsaved")}
            </span>
            <button
              type="button"
              class="btn btn-ghost"
              onClick={() => {
                setRows(draftOf(props.pipeline));
                setDirty(false);
                setFailure(undefined);
              }}
            >
              {t("sales.settings.discard")}
            </button>
          </Show>
          <button type="submit" class="btn btn-primary" disabled={!dirty() || busy()} aria-busy={busy()}>
            {t("sales.settings.save")}
          </button>
        </div>
      </form>
      <DialogForm
        id="archive-stage"
        ref={(el) => {
          archiveDialog = el;
        }}
        title={t("sales.settings.archiveTitle", { name: archiving()?.name ?? "" })}
        intro={t("sales.settings.archiveIntro")}
        submitLabel={t("sales.settings.archiveSubmit")}
        danger
        submit={async (form) => {
          const stage = archiving();
          if (!stage) return;
          const moveTo = String(new FormData(form).get("moveToStageId") ?? "");
          const saved = await salesApi.archiveStage(props.pipeline.id, stage.id, moveTo || null);
          props.onSaved(saved, t("sales.settings.archived", { name: stage.name }));
        }}
      >
        {(errors) => (
          <Field id="archive-move-to" label={t("sales.settings.moveTo")} error={errors.field("moveToStageId")}>
            {(aria) => (
              <select {...aria} name="moveToStageId">
                <option value="">{t("sales.settings.moveNone")}</option>
                <For each={props.pipeline.stages.filter((s) => s.id !== archiving()?.id)}>
                  {(s) => <option value={s.id}>{s.name}</option>}
                </For>
              </select>
            )}
          </Field>
        )}
      </DialogForm>
    </Panel>
  );
}
