import { createEffect, createSignal, For, Show } from "solid-js";
import { errorMessage, fieldMessage } from "../../api";
import { DocStatus, LinesTable } from "../../components/contracts/Display";
import { draftOf, emptyLine, type LineDraft, LinesEditor, linesOut } from "../../components/contracts/LinesEditor";
import { money } from "../../components/contracts/money";
import { RouteEditor, RouteMap } from "../../components/contracts/RouteEditor";
import type { Coordinates } from "../../components/contracts/types";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { Panel, Skeleton } from "../../components/ui";
import { absoluteTime } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type VendorProject, type VendorQuote, vendorApi } from "./api";

/** The quote: the builder while it may change, the submitted figures and versions after. */
export function QuotePanel(props: { project: VendorProject; onChanged: () => void }) {
  const p = () => props.project;
  const quote = createLoad(async () => {
    const mine = (await vendorApi.quotes(p().id)).items[0];
    return mine ? await vendorApi.quote(mine.id) : null;
  });
  const [rows, setRows] = createSignal<LineDraft[]>([emptyLine()]);
  const [route, setRoute] = createSignal<Coordinates>([]);
  const [notes, setNotes] = createSignal("");
  const [failure, setFailure] = createSignal<unknown>();
  const [notice, setNotice] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  // The editor starts from the saved version once it has loaded (a new quote from one empty line).
  const [ready, setReady] = createSignal(0);
  const seed = (q: VendorQuote | null) => {
    if (q) {
      setRows(q.current.lines.map((l) => draftOf(l, q.currency)));
      setRoute((q.current.route?.coordinates as Coordinates | undefined) ?? []);
      setNotes(q.current.notes ?? "");
    }
    setReady(1);
  };
  createEffect(() => {
    const q = quote.data();
    if (q !== undefined && ready() === 0) seed(q);
  });
  const editable = () => {
    const q = quote.data();
    if (q) return q.status === "draft" || q.status === "revision_requested";
    return p().biddingOpen || (p().vendorOrganizationId !== null && ["assigned", "quoted"].includes(p().status));
  };
  const save = async (submit: boolean) => {
    const lines = linesOut(rows(), p().currency, true);
    if (typeof lines === "string") {
      setFailure(new Error(lines));
      return;
    }
    setBusy(true);
    try {
      const saved = await vendorApi.saveQuote(p().id, {
        lines,
        ...(route().length > 0 ? { route: { type: "LineString" as const, coordinates: route() } } : {}),
        ...(notes().trim() ? { notes: notes().trim() } : {}),
        submit,
      });
      setFailure(undefined);
      setNotice(
        submit
          ? t("contracts.quote.submitted", { number: saved.number, total: money(saved.totalMinor, saved.currency) })
          : t("contracts.quote.saved", { total: money(saved.totalMinor, saved.currency) }),
      );
      quote.mutate(saved);
      props.onChanged();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const failureText = () => {
    const f = failure();
    return f === undefined ? undefined : f instanceof Error && !("status" in f) ? f.message : errorMessage(f);
  };
  return (
    <Panel id="vp-quote" title={t("contracts.quote.title")} sub={t("contracts.quote.sub")}>
      <Show when={!quote.loading() || quote.data() !== undefined} fallback={<Skeleton class="sk-row" />}>
        <Show when={quote.data()}>
          {(q) => (
            <div class="vp-quote-head">
              <p>
                <strong class="mono">{q().number}</strong> <DocStatus status={q().status} />{" "}
                {t("contracts.quote.version", { n: String(q().version) })}
              </p>
              <Show when={q().status === "revision_requested" && q().reviewNote}>
                <div class="alert alert-warning" role="status">
                  <strong>{t("contracts.quote.revisionAsked")}</strong> {q().reviewNote}
                </div>
              </Show>
              <Show when={q().status === "rejected" && q().reviewNote}>
                <div class="alert alert-info" role="status">
                  {q().reviewNote}
                </div>
              </Show>
            </div>
          )}
        </Show>
        <Notice message={notice()} />
        <Show
          when={editable()}
          fallback={
            <Show when={quote.data()} fallback={<p class="muted">{t("contracts.quote.closed")}</p>}>
              {(q) => (
                <>
                  <LinesTable
                    lines={q().current.lines}
                    currency={q().currency}
                    subtotalMinor={q().subtotalMinor}
                    taxMinor={q().taxMinor}
                    totalMinor={q().totalMinor}
                    caption={t("contracts.quote.linesCaption", { number: q().number })}
                  />
                  <Show when={q().current.route}>
                    {(r) => (
                      <RouteMap
                        tiles={vendorApi.map}
                        label={t("contracts.route.mapLabel", { n: String(r().coordinates.length) })}
                        layers={[
                          {
                            label: t("contracts.route.proposed"),
                            coordinates: r().coordinates as Coordinates,
                            className: "vp-line-0",
                          },
                        ]}
                      />
                    )}
                  </Show>
                </>
              )}
            </Show>
          }
        >
          <form
            class="vp-quote-form"
            aria-label={t("contracts.quote.builder")}
            onSubmit={(e) => {
              e.preventDefault();
              void save(true);
            }}
          >
            <Show when={ready()} keyed>
              <LinesEditor id="ql" rows={rows()} setRows={setRows} currency={p().currency} cable />
            </Show>
            <RouteEditor
              id="quote-route"
              value={route()}
              onChange={setRoute}
              tiles={vendorApi.map}
              error={fieldMessage(failure(), "route") ?? fieldMessage(failure(), "route.coordinates")}
            />
            <div class="field">
              <label for="quote-notes">{t("contracts.quote.notes")}</label>
              <textarea
                id="quote-notes"
                rows={3}
                maxLength={5000}
                value={notes()}
                onInput={(e) => setNotes(e.currentTarget.value)}
              />
            </div>
            <ErrorAlert message={failureText()} />
            <div class="vp-actions">
              <button type="button" class="btn btn-secondary" disabled={busy()} onClick={() => void save(false)}>
                {t("contracts.quote.saveDraft")}
              </button>
              <button type="submit" class="btn btn-primary" disabled={busy()}>
                {t("contracts.quote.submit")}
              </button>
            </div>
          </form>
        </Show>
        <Show when={(quote.data()?.versions.length ?? 0) > 1}>
          <h3>{t("contracts.quote.versions")}</h3>
          <ul class="plain-list vp-versions">
            <For each={quote.data()?.versions}>
              {(v) => (
                <li>
                  {t("contracts.quote.versionLine", {
                    n: String(v.version),
                    total: money(v.totalMinor, quote.data()?.currency ?? "NGN"),
                    when: v.submittedAt ? absoluteTime(v.submittedAt) : t("contracts.quote.notSubmitted"),
                  })}
                  <Show when={v.revisionNote}>
                    <span class="muted"> · {t("contracts.quote.askedFor", { note: v.revisionNote ?? "" })}</span>
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </Panel>
  );
}
