import { Route } from "@solidjs/router";
import { page } from "./page";

const ApiKeysPage = page(["admin"], () => import("../pages/ApiKeys"), "ApiKeysPage");
const AuditPage = page(
  ["audit", "inbox", "inventory", "sla", "ticket"],
  () => import("../pages/audit/AuditPage"),
  "AuditPage",
);
const InboxPage = page(["inbox", "inboxMacros", "sales"], () => import("../pages/inbox/InboxPage"), "InboxPage");
const InboxSettingsPage = page(
  ["inbox", "inboxMacros", "inboxChannels"],
  () => import("../pages/inbox/InboxSettingsPage"),
  "InboxSettingsPage",
);
const InboxReportsPage = page(
  ["dashboard", "inboxReports"],
  () => import("../pages/inbox-reports/InboxReportsPage"),
  "InboxReportsPage",
);
const MailboxPage = page(["mail"], () => import("../pages/Mailbox"), "MailboxPage");
const NotificationsPage = page(["notifications"], () => import("../pages/Notifications"), "NotificationsPage");
const OrganizationPage = page(
  ["crm", "tickets"],
  () => import("../pages/organizations/OrganizationPage"),
  "OrganizationPage",
);
const OrganizationsPage = page(["crm"], () => import("../pages/organizations/OrganizationsPage"), "OrganizationsPage");
const PeoplePage = page(["crm"], () => import("../pages/people/PeoplePage"), "PeoplePage");
const PersonPage = page(["crm", "tickets"], () => import("../pages/people/PersonPage"), "PersonPage");
const SubscriberPage = page(["crm", "tickets"], () => import("../pages/subscribers/SubscriberPage"), "SubscriberPage");
const ProfilePage = page(["account"], () => import("../pages/Profile"), "ProfilePage");
const RolesPage = page(["admin"], () => import("../pages/roles/RolesPage"), "RolesPage");
const SlaSettingsPage = page(
  ["sla", "slaClock", "tickets"],
  () => import("../pages/settings/sla/SlaSettingsPage"),
  "SlaSettingsPage",
);
const TicketSettingsPage = page(
  ["teams", "ticketSettings", "tickets"],
  () => import("../pages/settings/tickets/TicketSettingsPage"),
  "TicketSettingsPage",
);
const StatusPage = page(["mail", "status"], () => import("../pages/status/StatusPage"), "StatusPage");
const TicketCreatePage = page(
  ["ticket", "ticketCreate", "tickets"],
  () => import("../pages/tickets/create/TicketCreatePage"),
  "TicketCreatePage",
);
const SupportDashboardPage = page(
  ["dashboard", "slaClock", "tickets"],
  () => import("../pages/tickets/dashboard/SupportDashboardPage"),
  "SupportDashboardPage",
);
const TicketDetailPage = page(
  ["crm", "slaClock", "ticket", "tickets"],
  () => import("../pages/tickets/detail/TicketDetailPage"),
  "TicketDetailPage",
);
const TicketListPage = page(
  ["slaClock", "tickets"],
  () => import("../pages/tickets/list/TicketListPage"),
  "TicketListPage",
);
const UsersPage = page(["admin"], () => import("../pages/users/UsersPage"), "UsersPage");

/**
 * The support and administration pages of the staff portal: tickets, inbox, contacts, SLA and
 * ticket settings, notifications, status, audit, users and roles, the developer mailbox.
 * Each page loads on first visit with the dictionary areas it names (`page()`).
 */
export const supportRoutes = () => (
  <>
    <Route path="/status" component={StatusPage} />
    <Route path="/support" component={SupportDashboardPage} />
    <Route path="/inbox" component={InboxPage} />
    <Route path="/settings/inbox" component={InboxSettingsPage} />
    <Route path="/tickets" component={TicketListPage} />
    <Route path="/tickets/new" component={TicketCreatePage} />
    <Route path="/tickets/:ref" component={TicketDetailPage} />
    <Route path="/inbox/reports" component={InboxReportsPage} />
    <Route path="/people" component={PeoplePage} />
    <Route path="/people/:id" component={PersonPage} />
    <Route path="/organizations" component={OrganizationsPage} />
    <Route path="/organizations/:id" component={OrganizationPage} />
    <Route path="/subscribers/:id" component={SubscriberPage} />
    <Route path="/notifications" component={NotificationsPage} />
    <Route path="/settings/sla" component={SlaSettingsPage} />
    <Route path="/settings/tickets" component={TicketSettingsPage} />
    <Route path="/dev/mailbox" component={MailboxPage} />
    <Route path="/audit" component={AuditPage} />
    <Route path="/api-keys" component={ApiKeysPage} />
    <Route path="/profile" component={ProfilePage} />
    <Route path="/users" component={UsersPage} />
    <Route path="/roles" component={RolesPage} />
  </>
);
