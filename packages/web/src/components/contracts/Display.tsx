import { createSignal, For, type JSX, Show } from "solid-js";
import { errorMessage } from "../../api";
import { absoluteTime } from "../../format";
import { t } from "../../i18n";
import { ErrorAlert } from "../kit/Alert";
import { Badge, type Tone } from "../ui";
import { money, percent } from "./money";
import { RouteCompare } from "./RouteCompare";
import type { AsBuilt, MapTiles } from "./types";

export const projectTone: Record<string, Tone> = {
  draft: "neutral",
  open_for_bidding: "info",
  assigned: "info",
  quoted: "warning",
  approved: "success",
  in_progress: "warning",
  completed: "info",
  verified: "success",
  canceled: "neutral",
};
const docTone: Record<string, Tone> = {
  draft: "neutral",
  submitted: "info",
  revision_requested: "warning",
  approved: "success",
  accepted: "success",
  rejected: "danger",
  paid: "success",
};

export const ProjectStatus = (props: { status: string }) => (
  <Badge tone={projectTone[props.status] ?? "neutral"}>
    {(t as (key: string) => string)(`contracts.projectStatus.${props.status}`)}
  </Badge>
);
export const DocStatus = (props: { status: string }) => (
  <Badge tone={docTone[props.status] ?? "neutral"}>
    {(t as (key: string) => string)(`contracts.docStatus.${props.status}`)}
  </Badge>
);

interface Line {
  position: number;
  description: string;
  quantity: string;
  unit: string;
  unitPriceMinor: number;
  taxRateBp: number;
  totalMinor: number;
  cableType?: string | null;
  fibreCount?: number | null;
  spliceCount?: number | null;
}

/** Lines with their exact figures as the server priced them, and the document's totals. */
export function LinesTable(props: {
  lines: Line[];
  currency: string;
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  caption: string;
}) {
  return (
    // Focusable: at 375 px the table scrolls sideways inside its box, and keyboards must reach it.
    <section class="vp-table-wrap" tabindex="0" aria-label={props.caption}>
      <table class="vp-lines-table">
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("contracts.lines.description")}</th>
            <th scope="col">{t("contracts.lines.quantity")}</th>
            <th scope="col" class="num">
              {t("contracts.lines.unitPriceShort")}
            </th>
            <th scope="col" class="num">
              {t("contracts.lines.taxRate")}
            </th>
            <th scope="col" class="num">
              {t("contracts.lines.total")}
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={props.lines}>
            {(l) => (
              <tr>
                <th scope="row">
                  {l.description}
                  <Show when={l.cableType || l.fibreCount || l.spliceCount}>
                    <span class="vp-cable">
                      {t("contracts.lines.cableSummary", {
                        cable: l.cableType ?? "—",
                        fibres: String(l.fibreCount ?? "—"),
                        splices: String(l.spliceCount ?? "—"),
                      })}
                    </span>
                  </Show>
                </th>
                <td>{`${l.quantity} ${l.unit}`}</td>
                <td class="num">{money(l.unitPriceMinor, props.currency)}</td>
                <td class="num">{percent(l.taxRateBp)}</td>
                <td class="num">{money(l.totalMinor, props.currency)}</td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan="4">
              {t("contracts.lines.subtotal")}
            </th>
            <td class="num">{money(props.subtotalMinor, props.currency)}</td>
          </tr>
          <tr>
            <th scope="row" colspan="4">
              {t("contracts.lines.tax")}
            </th>
            <td class="num">{money(props.taxMinor, props.currency)}</td>
          </tr>
          <tr class="vp-grand">
            <th scope="row" colspan="4">
              {t("contracts.lines.grandTotal")}
            </th>
            <td class="num">{money(props.totalMinor, props.currency)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

/** Opens a short-lived download link the API gave (files and reports are served by id, never by path). */
export async function openLink(get: () => Promise<{ url: string }>) {
  const { url } = await get();
  window.location.assign(url);
}

/**
 * One as-built: its decision, variations, its route against the approved one, and files (each a
 * download by id) and report. The same item in the vendor portal and on staff's review.
 */
export function AsBuiltItem(props: {
  asBuilt: AsBuilt;
  currency: string;
  file: (uploadId: string) => Promise<{ url: string }>;
  report: () => Promise<{ url: string }>;
  tiles: () => Promise<MapTiles>;
  actions?: JSX.Element;
}) {
  const a = () => props.asBuilt;
  const [failure, setFailure] = createSignal<string>();
  const go = (get: () => Promise<{ url: string }>) => openLink(get).catch((e) => setFailure(errorMessage(e)));
  const file = (uploadId: string) => props.file(uploadId);
  const report = () => props.report();
  return (
    <li class="vp-asbuilt">
      <p>
        <strong>{t("contracts.asBuilt.version", { n: String(a().version) })}</strong> <DocStatus status={a().status} />{" "}
        <span class="muted">{absoluteTime(a().createdAt)}</span>
      </p>
      <Show when={a().reviewReason}>
        <p>{t("contracts.asBuilt.reviewed", { name: a().reviewedByName ?? "", reason: a().reviewReason ?? "" })}</p>
      </Show>
      <Show when={a().variations.length > 0}>
        <ul class="plain-list">
          <For each={a().variations}>
            {(v) => (
              <li>
                {t(`contracts.variation.${v.type}`)}: {v.description} ({v.amountMinor >= 0 ? "+" : ""}
                {money(v.amountMinor, props.currency)})
              </li>
            )}
          </For>
        </ul>
      </Show>
      <RouteCompare asBuilt={a()} tiles={props.tiles} />
      <div class="vp-files">
        <For each={a().files}>
          {(f) => (
            <button type="button" class="btn btn-secondary btn-small" onClick={() => void go(() => file(f.uploadId))}>
              {t("contracts.asBuilt.download", { name: f.filename })}
            </button>
          )}
        </For>
        <Show when={a().hasReport}>
          <button type="button" class="btn btn-primary btn-small vp-report" onClick={() => void go(report)}>
            {t("contracts.asBuilt.report", { n: String(a().version) })}
          </button>
        </Show>
      </div>
      {props.actions}
      <ErrorAlert message={failure()} />
    </li>
  );
}
