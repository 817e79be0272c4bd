import { createSignal, For, Show } from "solid-js";
import { errorMessage, fieldMessage } from "../../api";
import { AttachmentUpload } from "../../components/AttachmentUpload";
import { AsBuiltItem } from "../../components/contracts/Display";
import { exponentOf, parseScaled } from "../../components/contracts/money";
import { RouteEditor } from "../../components/contracts/RouteEditor";
import type { Coordinates } from "../../components/contracts/types";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { ErrorState, Panel } from "../../components/ui";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type AsBuiltSubmit, type VendorProject, vendorApi } from "./api";

const variationTypes = ["scope_change", "route_deviation", "material_change", "additional_work", "reduction"] as const;
type Variation = { type: (typeof variationTypes)[number]; description: string; amount: string };

/** What was built: earlier versions with staff's decisions, and the form for the next one. */
export function AsBuiltPanel(props: { project: VendorProject; onChanged: () => void }) {
  const p = () => props.project;
  const list = createLoad(() => vendorApi.asBuilts(p().id));
  const [variations, setVariations] = createSignal<Variation[]>([]);
  const [files, setFiles] = createSignal<{ uploadId: string; filename: string }[]>([]);
  const [notes, setNotes] = createSignal("");
  const [route, setRoute] = createSignal<Coordinates>([]);
  const [failure, setFailure] = createSignal<unknown>();
  const [notice, setNotice] = createSignal<string>();
  const [formKey, setFormKey] = createSignal(0);
  const pending = () => list.data()?.items.some((a) => a.status === "submitted") ?? false;
  const open = () => ["approved", "in_progress", "completed"].includes(p().status) && !pending();
  const submit = async () => {
    const out: AsBuiltSubmit["variations"] = [];
    for (const [i, v] of variations().entries()) {
      const negative = v.amount.trim().startsWith("-");
      const amount = parseScaled(v.amount.trim().replace(/^-/, "") || "0", exponentOf(p().currency));
      if (!v.description.trim() || amount === undefined) {
        setFailure(new Error(t("contracts.asBuilt.badVariation", { n: String(i + 1) })));
        return;
      }
      out.push({ type: v.type, description: v.description.trim(), amountMinor: negative ? -amount : amount });
    }
    try {
      const created = await vendorApi.submitAsBuilt(p().id, {
        variations: out,
        uploadIds: files().map((f) => f.uploadId),
        ...(route().length > 0 ? { route: { type: "LineString" as const, coordinates: route() } } : {}),
        ...(notes().trim() ? { notes: notes().trim() } : {}),
      });
      setNotice(t("contracts.asBuilt.submitted", { n: String(created.version) }));
      setFailure(undefined);
      setVariations([]);
      setFiles([]);
      setNotes("");
      setRoute([]);
      setFormKey(formKey() + 1);
      void list.refresh();
      props.onChanged();
    } catch (error) {
      setFailure(error);
    }
  };
  const failureText = () => {
    const f = failure();
    return f === undefined ? undefined : f instanceof Error && !("status" in f) ? f.message : errorMessage(f);
  };
  // The approved quote's route, drawn beneath while the contractor traces what was built.
  const proposed = createLoad(async () => {
    const mine = (await vendorApi.quotes(p().id)).items.find((q) => q.status === "approved");
    return mine?.current.route?.coordinates as Coordinates | undefined;
  });
  return (
    <Panel id="vp-asbuilt" title={t("contracts.asBuilt.title")} sub={t("contracts.asBuilt.sub")}>
      <Notice message={notice()} />
      <Show when={(list.data()?.items.length ?? 0) > 0}>
        <ul class="plain-list vp-asbuilts">
          <For each={list.data()?.items}>
            {(a) => (
              <AsBuiltItem
                asBuilt={a}
                currency={p().currency}
                file={(uploadId) => vendorApi.file(a.id, uploadId)}
                report={() => vendorApi.report(a.id)}
                tiles={vendorApi.map}
              />
            )}
          </For>
        </ul>
      </Show>
      <Show when={list.error()}>
        <ErrorState title={t("contracts.loadFailed")} detail={list.error() ?? ""} onRetry={list.refresh} />
      </Show>
      <Show when={open()}>
        <form
          class="vp-asbuilt-form"
          aria-label={t("contracts.asBuilt.form")}
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <fieldset>
            <legend>{t("contracts.asBuilt.variations")}</legend>
            <For each={variations()}>
              {(v, i) => (
                <fieldset class="vp-variation">
                  <legend class="sr-only">{t("contracts.asBuilt.variation", { n: String(i() + 1) })}</legend>
                  <div class="field">
                    <label for={`var-${i()}-type`}>{t("contracts.asBuilt.type")}</label>
                    <select
                      id={`var-${i()}-type`}
                      value={v.type}
                      onChange={(e) =>
                        setVariations(
                          variations().map((x, j) =>
                            j === i() ? { ...x, type: e.currentTarget.value as Variation["type"] } : x,
                          ),
                        )
                      }
                    >
                      <For each={variationTypes}>
                        {(type) => <option value={type}>{t(`contracts.variation.${type}`)}</option>}
                      </For>
                    </select>
                  </div>
                  <div class="field vp-grow">
                    <label for={`var-${i()}-desc`}>{t("contracts.asBuilt.description")}</label>
                    <input
                      id={`var-${i()}-desc`}
                      value={v.description}
                      maxLength={2000}
                      onInput={(e) =>
                        setVariations(
                          variations().map((x, j) => (j === i() ? { ...x, description: e.currentTarget.value } : x)),
                        )
                      }
                    />
                  </div>
                  <div class="field">
                    <label for={`var-${i()}-amount`}>{t("contracts.asBuilt.amount", { currency: p().currency })}</label>
                    <input
                      id={`var-${i()}-amount`}
                      inputmode="decimal"
                      value={v.amount}
                      onInput={(e) =>
                        setVariations(
                          variations().map((x, j) => (j === i() ? { ...x, amount: e.currentTarget.value } : x)),
                        )
                      }
                    />
                  </div>
                  <button
                    type="button"
                    class="btn btn-secondary btn-small"
                    onClick={() => setVariations(variations().filter((_, j) => j !== i()))}
                  >
                    {t("contracts.asBuilt.removeVariation", { n: String(i() + 1) })}
                  </button>
                </fieldset>
              )}
            </For>
            <button
              type="button"
              class="btn btn-secondary"
              onClick={() => setVariations([...variations(), { type: "scope_change", description: "", amount: "0" }])}
            >
              {t("contracts.asBuilt.addVariation")}
            </button>
          </fieldset>
          <RouteEditor
            id="asbuilt-route"
            legend={t("contracts.compareRoute.asBuilt")}
            value={route()}
            onChange={setRoute}
            tiles={vendorApi.map}
            reference={
              proposed.data()
                ? [
                    {
                      label: t("contracts.compareRoute.proposed"),
                      coordinates: proposed.data() as Coordinates,
                      className: "vp-line-0",
                    },
                  ]
                : []
            }
            error={fieldMessage(failure(), "route") ?? fieldMessage(failure(), "route.coordinates")}
          />
          <fieldset>
            <legend>{t("contracts.asBuilt.files")}</legend>
            <Show when={formKey() + 1} keyed>
              <AttachmentUpload
                label={t("contracts.asBuilt.addFiles")}
                slot={(file) => vendorApi.slot(p().id, file)}
                attach={async (uploadId) => ({ uploadId, filename: "" })}
                onAttached={(a) => setFiles([...files(), a])}
              />
            </Show>
          </fieldset>
          <div class="field">
            <label for="asbuilt-notes">{t("contracts.asBuilt.notes")}</label>
            <textarea
              id="asbuilt-notes"
              rows={3}
              maxLength={10000}
              value={notes()}
              onInput={(e) => setNotes(e.currentTarget.value)}
            />
          </div>
          <ErrorAlert message={failureText()} />
          <div class="vp-actions">
            <button type="submit" class="btn btn-primary">
              {t("contracts.asBuilt.submit")}
            </button>
          </div>
        </form>
      </Show>
      <Show when={pending()}>
        <p class="muted">{t("contracts.asBuilt.awaiting")}</p>
      </Show>
    </Panel>
  );
}
