import { For, type JSX, Show } from "solid-js";
import { formatDate } from "../../format";
import { t } from "../../i18n";
import { ErrorState, Skeleton } from "../ui";

interface Facts {
  region: string | null;
  currency: string;
  biddingClosesAt: string | null;
  description: string | null;
  projectName?: string | null;
  vendorName?: string | null;
}

/** The project's facts, as the contractor and staff both read them (staff add project and contractor). */
export function ProjectFacts(props: { project: Facts; staff?: boolean }) {
  const p = () => props.project;
  const rows = (): [string, string][] => [
    ...(props.staff
      ? ([
          [t("contracts.col.project"), p().projectName ?? "—"],
          [t("contracts.col.vendor"), p().vendorName ?? "—"],
        ] as [string, string][])
      : []),
    [t("contracts.col.region"), p().region ?? "—"],
    [t("contracts.col.currency"), p().currency],
    [t("contracts.col.closes"), p().biddingClosesAt ? formatDate(p().biddingClosesAt ?? "") : "—"],
  ];
  return (
    <dl class="kv vp-facts">
      <For each={rows()}>
        {([term, value]) => (
          <div>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        )}
      </For>
      <Show when={p().description}>
        <div>
          <dt>{t("contracts.col.description")}</dt>
          <dd>{p().description}</dd>
        </div>
      </Show>
    </dl>
  );
}

/** The page body once the project has loaded: a skeleton before, the error with a retry on failure. */
export function ProjectFrame<T>(props: {
  data: T | undefined;
  error: string | undefined;
  onRetry: () => void;
  children: (project: () => T) => JSX.Element;
}) {
  return (
    <div class="page vp-page">
      <Show
        when={props.data}
        fallback={
          <Show when={props.error} fallback={<Skeleton class="sk-row" />}>
            <ErrorState title={t("contracts.loadFailed")} detail={props.error ?? ""} onRetry={props.onRetry} />
          </Show>
        }
      >
        {(p) => props.children(p as () => T)}
      </Show>
    </div>
  );
}
