import "../../components/contracts/contracts.css";
import { A, useParams } from "@solidjs/router";
import { createEffect, createSignal, For, Show } from "solid-js";
import { errorMessage, fieldMessage } from "../../api";
import { AttachmentUpload } from "../../components/AttachmentUpload";
import { AsBuiltItem, DocStatus, LinesTable, ProjectStatus } from "../../components/contracts/Display";
import { draftOf, emptyLine, type LineDraft, LinesEditor, linesOut } from "../../components/contracts/LinesEditor";
import { exponentOf, money, parseScaled } from "../../components/contracts/money";
import { RouteEditor, RouteMap } from "../../components/contracts/RouteEditor";
import type { Coordinates } from "../../components/contracts/types";
import { ErrorAlert, Notice } from "../../components/kit/Alert";
import { PageHeader } from "../../components/kit/PageHeader";
import { ErrorState, Panel, Skeleton } from "../../components/ui";
import { absoluteTime, formatDate, useTitle } from "../../format";
import { t } from "../../i18n";
import { createLoad } from "../../lib/load";
import { type AsBuiltSubmit, type Invoice, type VendorProject, type VendorQuote, vendorApi } from "./api";

const variationTypes = ["scope_change", "route_deviation", "material_change", "additional_work", "reduction"] as const;
type Variation = { type: (typeof variationTypes)[number]; description: string; amount: string };

/** The quote: the builder while it may change, the submitted figures and versions after. */
function QuotePanel(props: { project: VendorProject; onChanged: () => void }) {
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

/** What was built: earlier versions with staff's decisions, and the form for the next one. */
function AsBuiltPanel(props: { project: VendorProject; onChanged: () => void }) {
  const p = () => props.project;
  const list = createLoad(() => vendorApi.asBuilts(p().id));
  const [variations, setVariations] = createSignal<Variation[]>([]);
  const [files, setFiles] = createSignal<{ uploadId: string; filename: string }[]>([]);
  const [notes, setNotes] = createSignal("");
  const [failure, setFailure] = createSignal<string>();
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
        setFailure(t("contracts.asBuilt.badVariation", { n: String(i + 1) }));
        return;
      }
      out.push({ type: v.type, description: v.description.trim(), amountMinor: negative ? -amount : amount });
    }
    try {
      const created = await vendorApi.submitAsBuilt(p().id, {
        variations: out,
        uploadIds: files().map((f) => f.uploadId),
        ...(notes().trim() ? { notes: notes().trim() } : {}),
      });
      setNotice(t("contracts.asBuilt.submitted", { n: String(created.version) }));
      setFailure(undefined);
      setVariations([]);
      setFiles([]);
      setNotes("");
      setFormKey(formKey() + 1);
      void list.refresh();
      props.onChanged();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
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
          <ErrorAlert message={failure()} />
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

/** The purchase invoice for this project: lines with tax, then submitted to staff. */
function InvoicePanel(props: { project: VendorProject }) {
  const p = () => props.project;
  const invoice = createLoad(async () => {
    const all = (await vendorApi.invoices()).items.filter((i) => i.installationProjectId === p().id);
    return all.find((i) => i.status !== "rejected") ?? all[0] ?? null;
  });
  const [rows, setRows] = createSignal<LineDraft[]>([emptyLine()]);
  const [reference, setReference] = createSignal("");
  const [failure, setFailure] = createSignal<string>();
  const [notice, setNotice] = createSignal<string>();
  const [ready, setReady] = createSignal(0);
  createEffect(() => {
    const i: Invoice | null | undefined = invoice.data();
    if (i === undefined || ready() !== 0) return;
    if (i) {
      setRows(i.lines.map((l) => draftOf(l, i.currency)));
      setReference(i.vendorReference ?? "");
    }
    setReady(1);
  });
  const editable = () => {
    const i = invoice.data();
    return !i || i.status === "draft" || i.status === "revision_requested" || i.status === "rejected";
  };
  const save = async (submit: boolean) => {
    const lines = linesOut(rows(), p().currency, false);
    if (typeof lines === "string") return setFailure(lines);
    try {
      const saved = await vendorApi.saveInvoice(p().id, {
        lines,
        ...(reference().trim() ? { vendorReference: reference().trim() } : {}),
        submit,
      });
      invoice.mutate(saved);
      setFailure(undefined);
      setNotice(t("contracts.invoice.saved", { number: saved.number, total: money(saved.totalMinor, saved.currency) }));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  return (
    <Panel id="vp-invoice" title={t("contracts.invoice.title")} sub={t("contracts.invoice.sub")}>
      <Notice message={notice()} />
      <Show when={invoice.data()}>
        {(i) => (
          <>
            <p>
              <strong class="mono">{i().number}</strong> <DocStatus status={i().status} />
            </p>
            <Show when={i().decisionReason}>
              <div class="alert alert-warning" role="status">
                {i().decisionReason}
              </div>
            </Show>
            <Show when={!editable()}>
              <LinesTable
                lines={i().lines}
                currency={i().currency}
                subtotalMinor={i().subtotalMinor}
                taxMinor={i().taxMinor}
                totalMinor={i().totalMinor}
                caption={t("contracts.invoice.caption", { number: i().number })}
              />
            </Show>
          </>
        )}
      </Show>
      <Show when={editable() && !invoice.loading()}>
        <form
          class="vp-invoice-form"
          aria-label={t("contracts.invoice.builder")}
          onSubmit={(e) => {
            e.preventDefault();
            void save(true);
          }}
        >
          <Show when={ready()} keyed>
            <LinesEditor id="il" rows={rows()} setRows={setRows} currency={p().currency} cable={false} />
          </Show>
          <div class="field">
            <label for="invoice-ref">{t("contracts.invoice.reference")}</label>
            <input
              id="invoice-ref"
              maxLength={100}
              value={reference()}
              onInput={(e) => setReference(e.currentTarget.value)}
            />
          </div>
          <ErrorAlert message={failure()} />
          <div class="vp-actions">
            <button type="button" class="btn btn-secondary" onClick={() => void save(false)}>
              {t("contracts.invoice.saveDraft")}
            </button>
            <button type="submit" class="btn btn-primary">
              {t("contracts.invoice.submit")}
            </button>
          </div>
        </form>
      </Show>
    </Panel>
  );
}

/** One installation project as the contractor sees it: bid, build, report, invoice. */
export function VendorProjectPage() {
  const params = useParams();
  const project = createLoad(() => vendorApi.project(params.id ?? ""), { key: () => params.id });
  const [failure, setFailure] = createSignal<string>();
  useTitle(t("contracts.vendor.projectTitle"));
  const start = async () => {
    try {
      project.mutate(await vendorApi.start(params.id ?? ""));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };
  return (
    <div class="page vp-page">
      <Show
        when={project.data()}
        fallback={
          <Show when={project.error()} fallback={<Skeleton class="sk-row" />}>
            <ErrorState title={t("contracts.loadFailed")} detail={project.error() ?? ""} onRetry={project.refresh} />
          </Show>
        }
      >
        {(p) => (
          <>
            <PageHeader
              crumb={<A href="/vendor/projects">{t("contracts.vendor.title")}</A>}
              title={`${p().number} · ${p().title}`}
              sub={<ProjectStatus status={p().status} />}
              refreshedAt={project.refreshedAt()}
              onRefresh={project.refresh}
              refreshing={project.loading()}
              actions={
                <Show when={p().status === "approved" && p().vendorOrganizationId}>
                  <button type="button" class="btn btn-primary" onClick={() => void start()}>
                    {t("contracts.vendor.start")}
                  </button>
                </Show>
              }
            />
            <ErrorAlert message={failure()} />
            <dl class="kv vp-facts">
              <div>
                <dt>{t("contracts.col.region")}</dt>
                <dd>{p().region ?? "—"}</dd>
              </div>
              <div>
                <dt>{t("contracts.col.currency")}</dt>
                <dd>{p().currency}</dd>
              </div>
              <div>
                <dt>{t("contracts.col.closes")}</dt>
                <dd>{p().biddingClosesAt ? formatDate(p().biddingClosesAt ?? "") : "—"}</dd>
              </div>
              <Show when={p().description}>
                <div>
                  <dt>{t("contracts.col.description")}</dt>
                  <dd>{p().description}</dd>
                </div>
              </Show>
            </dl>
            <QuotePanel project={p()} onChanged={() => void project.refresh()} />
            <Show when={p().vendorOrganizationId && !["assigned", "quoted"].includes(p().status)}>
              <AsBuiltPanel project={p()} onChanged={() => void project.refresh()} />
              <InvoicePanel project={p()} />
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
