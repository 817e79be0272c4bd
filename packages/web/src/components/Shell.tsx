import type { RouteSectionProps } from "@solidjs/router";
import { createSignal, lazy, onCleanup, onMount, Show } from "solid-js";
import { client } from "../api";
import { t, withAreas } from "../i18n";
import { can, isAdmin } from "../session";
import { AppFrame } from "./AppFrame";
import { ActivityIcon, BookIcon, CalendarIcon, InboxIcon, KeyIcon, SendIcon, ShieldIcon, UserIcon } from "./icons";
import { NavList } from "./NavList";
import { BellIcon, MailIcon, NotificationBell } from "./NotificationBell";

/** The search palette loads in its own chunk: the entry stays within its budget, Ctrl/⌘+K works once it lands. */
const SearchPalette = lazy(() =>
  withAreas(["crm", "tickets"], () => import("./SearchPalette")).then((m) => ({ default: m.SearchPalette })),
);

/** The agent's status control: its own chunk, for inbox users only. */
const PresenceMenu = lazy(() =>
  withAreas([], () => import("./PresenceMenu")).then((m) => ({ default: m.PresenceMenu })),
);

/** The signed-in staff app: the shared frame with the sections this user's permissions open. */
export function Shell(props: RouteSectionProps) {
  const tickets = () => can("support:ticket:read");
  const monitoring = () => can("system:monitoring:read");
  const settings = () => can("system:settings:read");
  const manage = () => can("auth:manage");
  const inbox = () => can("crm:inbox:read");
  const [unread, setUnread] = createSignal(0);
  onMount(() => {
    // The inbox badge: a light poll of the folder counts (live events will push it once they land).
    const poll = () => {
      if (!inbox()) return;
      void client.api.v1.inbox.conversations.counts
        .$get()
        .then(async (res) => (res.ok ? setUnread((await res.json()).unread) : undefined))
        .catch(() => {});
    };
    poll();
    const timer = setInterval(poll, 60_000);
    const counted = (event: Event) => setUnread((event as CustomEvent<number>).detail);
    document.addEventListener("inbox:unread", counted);
    onCleanup(() => {
      clearInterval(timer);
      document.removeEventListener("inbox:unread", counted);
    });
  });
  return (
    <AppFrame
      portal="staff"
      home="/"
      name={t("app.name")}
      actions={
        <>
          <Show when={tickets() || can("crm:contact:read") || can("subscribers:subscriber:read")}>
            <SearchPalette />
          </Show>
          <Show when={inbox()}>
            <PresenceMenu />
          </Show>
          <NotificationBell />
        </>
      }
      nav={
        <>
          <NavList
            id="nav-operations"
            heading={t("nav.operations")}
            items={[
              {
                href: "/inbox",
                // Exact: the inbox report at /inbox/reports has its own entry.
                end: true,
                label: () => t("nav.inbox"),
                icon: MailIcon,
                when: inbox,
                badge: () => (unread() > 0 ? { count: unread(), label: t("nav.inboxUnread", unread()) } : undefined),
              },
              { href: "/support", label: () => t("nav.supportDashboard"), icon: ActivityIcon, when: tickets },
              { href: "/tickets", label: () => t("nav.tickets"), icon: InboxIcon, when: tickets },
              {
                href: "/work-orders",
                label: () => t("nav.workOrders"),
                icon: ActivityIcon,
                when: () => can("operations:work_order:read"),
              },
              {
                href: "/inbox/reports",
                label: () => t("nav.inboxReports"),
                icon: ActivityIcon,
                when: () => can("crm:inbox:manager_dashboard:read"),
              },
              {
                href: "/dispatch",
                label: () => t("nav.dispatchBoard"),
                icon: CalendarIcon,
                when: () => can("operations:work_order:dispatch"),
              },
              {
                href: "/technicians",
                label: () => t("nav.technicians"),
                icon: UserIcon,
                when: () => can("operations:technician:read"),
              },
              {
                href: "/sales",
                label: () => t("nav.salesPipeline"),
                icon: ActivityIcon,
                when: () => can("crm:lead:read"),
              },
              { href: "/people", label: () => t("nav.people"), icon: UserIcon, when: () => can("crm:contact:read") },
              {
                href: "/organizations",
                label: () => t("nav.organisations"),
                icon: BookIcon,
                when: () => can("customer:read"),
              },
              {
                href: "/campaigns",
                label: () => t("nav.campaigns"),
                icon: SendIcon,
                when: () => can("crm:campaign:read"),
              },
              {
                href: "/quotes",
                label: () => t("nav.quotes"),
                icon: BookIcon,
                when: () => can("crm:quote:read"),
              },
              {
                href: "/sales-orders",
                label: () => t("nav.salesOrders"),
                icon: BookIcon,
                when: () => can("operations:sales_order:read"),
              },
              {
                href: "/commissions",
                label: () => t("nav.commissions"),
                icon: ActivityIcon,
                when: () => can("operations:reseller:read"),
              },
              {
                href: "/projects",
                label: () => t("nav.projects"),
                icon: ActivityIcon,
                when: () => can("project:read"),
              },
              {
                href: "/installation-projects",
                label: () => t("nav.installationProjects"),
                icon: BookIcon,
                when: () => can("vendor:project:read"),
              },
              {
                href: "/contractor-invoices",
                label: () => t("nav.contractorInvoices"),
                icon: BookIcon,
                when: () => can("vendor:project:read"),
              },
              {
                href: "/inventory/stock",
                label: () => t("nav.inventory"),
                icon: BookIcon,
                when: () => can("inventory:read"),
              },
              {
                href: "/inventory/requests",
                label: () => t("nav.materialRequests"),
                icon: InboxIcon,
                when: () => can("operations:material_request:read"),
              },
              {
                href: "/expenses",
                label: () => t("nav.expenses"),
                icon: BookIcon,
                when: () => can("operations:expense_request:read"),
              },
              { href: "/status", label: () => t("nav.systemStatus"), icon: ActivityIcon, when: monitoring },
            ]}
          />
          <NavList
            id="nav-administration"
            heading={t("nav.administration")}
            items={[
              {
                href: "/settings/inbox",
                label: () => t("nav.inboxSettings"),
                icon: MailIcon,
                when: () => can("crm:inbox:settings:read"),
              },
              { href: "/settings/tickets", label: () => t("nav.ticketSettings"), icon: InboxIcon, when: settings },
              {
                href: "/settings/work-orders",
                label: () => t("nav.workOrderSettings"),
                icon: ActivityIcon,
                when: () => settings() && can("operations:work_order:read"),
              },
              {
                href: "/settings/dispatch",
                label: () => t("nav.dispatchSettings"),
                icon: KeyIcon,
                when: () => can("operations:technician:read"),
              },
              { href: "/settings/sla", label: () => t("nav.slaPolicies"), icon: ShieldIcon, when: settings },
              {
                href: "/settings/rates",
                label: () => t("nav.rates"),
                icon: KeyIcon,
                when: () => can("operations:technician:read"),
              },
              { href: "/users", label: () => t("nav.users"), icon: UserIcon, when: manage },
              { href: "/roles", label: () => t("nav.roles"), icon: ShieldIcon, when: () => can("rbac:roles:read") },
              { href: "/audit", label: () => t("nav.auditLog"), icon: ShieldIcon, when: () => can("audit:read") },
              { href: "/api-keys", label: () => t("nav.apiKeys"), icon: KeyIcon, when: manage },
            ]}
          />
          <NavList
            id="nav-account"
            heading={t("nav.account")}
            items={[
              { href: "/profile", label: () => t("nav.profile"), icon: UserIcon },
              { href: "/notifications", label: () => t("nav.notifications"), icon: BellIcon },
            ]}
          />
          <NavList
            id="nav-developers"
            heading={t("nav.developers")}
            items={[
              { href: "/api/docs", label: () => t("nav.apiReference"), icon: BookIcon, external: true },
              { href: "/dev/mailbox", label: () => t("nav.mailbox"), icon: MailIcon, when: isAdmin },
            ]}
          />
        </>
      }
    >
      {props.children}
    </AppFrame>
  );
}
