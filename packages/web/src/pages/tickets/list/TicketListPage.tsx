import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createMemo, createSignal, onMount, Show } from "solid-js";
import { errorMessage } from "../../../api";
import { DownloadIcon, InboxIcon, PlusIcon } from "../../../components/icons";
import { ErrorAlert, LiveRegion } from "../../../components/kit/Alert";
import { DataTable, pagedTable } from "../../../components/kit/DataTable";
import { PageHeader } from "../../../components/kit/PageHeader";
import {
  type BulkResult,
  type ListedTicket,
  type StaffMember,
  type TicketType,
  ticketApi,
} from "../../../components/tickets/api";
import {
  apiFilters,
  isFiltered,
  type ListView,
  viewFromParams,
  viewToParams,
} from "../../../components/tickets/filters";
import { loadStaff, searchStaff } from "../../../components/tickets/staff";
import { useTeams } from "../../../components/tickets/teams";
import { Panel } from "../../../components/ui";
import { formatNumber, useNow, useTitle } from "../../../format";
import { t } from "../../../i18n";
import { createPagedList } from "../../../lib/load";
import { can, user } from "../../../session";
import { BulkBar, BulkOutcome } from "./BulkBar";
import { ticketColumns } from "./columns";
import { useListKeys } from "./keyboard";
import { SavedViews } from "./SavedViews";
import { TicketFilters } from "./TicketFilters";

const PAGE_SIZE = 50;

/** The support team's ticket list: filters in the address, saved views, bulk changes, CSV export. */
export function TicketListPage() {
  useTitle(t("tickets.list.title"));
  const now = useNow();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view = createMemo(() => viewFromParams(params), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  });
  const filters = () => apiFilters(view(), user()?.id);
  const [announcement, setAnnouncement] = createSignal("");
  const [types, setTypes] = createSignal<TicketType[]>([]);
  const [staff, setStaff] = createSignal<StaffMember[]>([]);
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [active, setActive] = createSignal(-1);
  const [outcome, setOutcome] = createSignal<BulkResult>();
  let searchInput: HTMLInputElement | undefined;

  const list = createPagedList<ListedTicket>(
    (cursor) => ticketApi.list({ ...filters(), limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) }),
    {
      key: () => JSON.stringify(filters()),
      onPage: (items, first) => {
        if (first) {
          setActive(-1);
          setSelected(new Set<string>());
        }
        const count = formatNumber(items.length);
        setAnnouncement(first ? t("tickets.list.shown", { count }) : t("tickets.list.moreLoaded", { count }));
        void loadStaff(items.map((ticket) => ticket.primaryAssigneeId));
      },
    },
  );

  const typeNames = createMemo(() => new Map(types().map((type) => [type.id, type.name])));
  onMount(async () => {
    // Without the types the type filter and column stay empty; without the staff, "Anyone" and "Me" still work.
    await ticketApi.types().then(setTypes, () => {});
    await searchStaff("").then(setStaff, () => {});
  });

  const applyView = (next: ListView) => setParams(viewToParams(next));
  const clear = () => setParams(viewToParams(viewFromParams({})));

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleAll = () => {
    const rows = list.items() ?? [];
    setSelected((current) =>
      rows.every((ticket) => current.has(ticket.id)) ? new Set<string>() : new Set(rows.map((ticket) => ticket.id)),
    );
  };

  const rowLinks = () => Array.from(document.querySelectorAll<HTMLAnchorElement>(".tk-table .tk-row-link"));
  useListKeys({
    rowLinks,
    active,
    onSearch: () => searchInput?.focus(),
    onToggle: (index) => {
      const id = rowLinks()[index]?.dataset.id;
      if (id) toggle(id);
    },
    onOpen: (index) => {
      const link = rowLinks()[index];
      if (link) navigate(link.pathname);
    },
  });

  // Rebuilt when the language changes (the headers are words).
  const teams = useTeams();
  const [takeError, setTakeError] = createSignal<string>();
  const take = async (row: ListedTicket) => {
    setTakeError(undefined);
    try {
      const taken = await ticketApi.take(row.id);
      // After the refresh: its page announcement ("n tickets shown") would otherwise replace this one.
      await list.refresh();
      const opened = row.status === "new" && taken.status === "open";
      setAnnouncement(t(opened ? "tickets.list.takenOpened" : "tickets.list.taken", { number: taken.number }));
    } catch (failure) {
      setTakeError(errorMessage(failure));
    }
  };
  const columns = createMemo(() =>
    ticketColumns({
      now,
      typeName: (id) => typeNames().get(id),
      teamName: teams.nameOf,
      onTake: can("support:ticket:take") ? take : undefined,
      onFocusRow: setActive,
    }),
  );

  return (
    <div class={selected().size > 0 ? "page tk-page tk-page-selecting" : "page tk-page"}>
      <PageHeader
        title={t("tickets.list.title")}
        sub={
          <>
            {t("tickets.list.sub")}{" "}
            <span class="hide-narrow">
              {t("tickets.list.keys")} <kbd>j</kbd>/<kbd>k</kbd> {t("tickets.list.keysMove")}{" "}
              <kbd>{t("tickets.list.keyEnter")}</kbd> {t("tickets.list.keysOpen")} <kbd>x</kbd>{" "}
              {t("tickets.list.keysSelect")} <kbd>/</kbd> {t("tickets.list.keysSearch")}
            </span>
          </>
        }
        refreshedAt={list.refreshedAt()}
        actions={
          <>
            <a class="btn btn-secondary" href={ticketApi.exportHref(filters())} download="">
              <DownloadIcon />
              {t("tickets.list.export")}
            </a>
            <Show when={can("support:ticket:create")}>
              <A class="btn btn-primary" href="/tickets/new">
                <PlusIcon />
                {t("tickets.list.new")}
              </A>
            </Show>
          </>
        }
      />
      <LiveRegion message={announcement()} />

      <div class="list-toolbar">
        <TicketFilters
          view={view()}
          types={types()}
          staff={staff()}
          onApply={applyView}
          onClear={clear}
          searchRef={(el) => {
            searchInput = el;
          }}
        />
        <SavedViews view={view()} onPick={applyView} />
      </div>

      <ErrorAlert message={takeError()} />
      <Show when={outcome()}>
        {(result) => <BulkOutcome result={result()} onDismiss={() => setOutcome(undefined)} />}
      </Show>

      <Panel
        id="tickets-title"
        title={t("tickets.list.title")}
        sub={isFiltered(view()) ? t("tickets.list.panelSubFiltered") : t("tickets.list.panelSub")}
        class="tk-list-panel"
      >
        <DataTable
          class="tk-table"
          labelledBy="tickets-title"
          columns={columns()}
          rowKey={(ticket) => ticket.id}
          rowClass={(ticket, index) =>
            [active() === index ? "tk-row-active" : "", selected().has(ticket.id) ? "tk-row-selected" : ""].join(" ")
          }
          rowData={(ticket) => ticket.number}
          errorTitle={t("tickets.list.loadFailed")}
          empty={
            isFiltered(view())
              ? {
                  icon: <InboxIcon />,
                  title: t("tickets.list.emptyFilteredTitle"),
                  body: t("tickets.list.emptyFilteredBody"),
                }
              : { icon: <InboxIcon />, title: t("tickets.list.emptyTitle"), body: t("tickets.list.emptyBody") }
          }
          selection={{
            selected: selected(),
            onToggle: toggle,
            onToggleAll: toggleAll,
            rowLabel: (ticket) => t("tickets.list.selectOne", { number: ticket.number }),
            allLabel: t("tickets.list.selectAll"),
          }}
          sortNote={t("tickets.list.sortNote")}
          {...pagedTable(list, (count) => t("tickets.list.allShown", count))}
        />
      </Panel>

      <Show when={selected().size > 0 && can("support:ticket:update")}>
        <BulkBar
          selected={[...selected()]}
          onClear={() => setSelected(new Set<string>())}
          onDone={(result) => {
            setOutcome(result);
            void list.refresh();
          }}
        />
      </Show>
    </div>
  );
}
