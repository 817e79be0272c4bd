import "./styles/index.css";
import "./lib/theme";
import { Navigate, Route, Router, type RouteSectionProps, useNavigate, useParams } from "@solidjs/router";
import { type Component, type JSX, lazy, Show } from "solid-js";
import { render } from "solid-js/web";
import { onUnauthorized, type PortalName } from "./api";
import { type OuterPortal, PortalShell } from "./components/PortalShell";
import { Shell } from "./components/Shell";
import { type Area, localeReady, withAreas } from "./i18n";
import { Login } from "./pages/Login";
import { NotFound } from "./pages/NotFound";
import { can, loginHref, setUser, user } from "./session";

/**
 * A lazily loaded page component from a module's named export, with the dictionary areas it reads
 * (beyond the shell's): the page renders once its chunk and its words are both in, in the language
 * shown. tests/web/i18n-areas.test.ts checks every area a page's code names is in its list.
 */
// biome-ignore lint/suspicious/noExplicitAny: a page's own props type flows through `lazy` unchanged.
function page<M extends Record<K, Component<any>>, K extends keyof M & string>(
  areas: readonly Area[],
  load: () => Promise<M>,
  name: K,
) {
  return lazy(() => withAreas(areas, load).then((module) => ({ default: module[name] })));
}

/**
 * Pages load on first visit (one chunk each, plus what they share), so the first screen downloads the
 * shell and its own page, not the whole product; sign-in and "not found" come with the entry.
 */
const AcceptInvitationPage = page(["account"], () => import("./pages/AcceptInvitation"), "AcceptInvitationPage");
const ApiKeysPage = page(["admin"], () => import("./pages/ApiKeys"), "ApiKeysPage");
const AuditPage = page(
  ["audit", "inbox", "inventory", "sla", "ticket"],
  () => import("./pages/audit/AuditPage"),
  "AuditPage",
);
const ChangePasswordPage = page(["account"], () => import("./pages/ChangePassword"), "ChangePasswordPage");
const ConfirmResolutionPage = page(
  ["account", "customer"],
  () => import("./pages/ConfirmResolution"),
  "ConfirmResolutionPage",
);
const CsatPage = page(["account", "csat"], () => import("./pages/Csat"), "CsatPage");
const CampaignsPage = page(["campaigns"], () => import("./pages/campaigns/CampaignsPage"), "CampaignsPage");
const CampaignEditPage = page(["campaigns"], () => import("./pages/campaigns/CampaignEditPage"), "CampaignEditPage");
const CampaignPage = page(["campaigns", "dashboard"], () => import("./pages/campaigns/CampaignPage"), "CampaignPage");
const UnsubscribePage = page(
  ["account", "campaigns"],
  () => import("./pages/campaigns/UnsubscribePage"),
  "UnsubscribePage",
);
const SurveysPage = page(["campaigns"], () => import("./pages/surveys/SurveysPage"), "SurveysPage");
const SurveyEditPage = page(["campaigns"], () => import("./pages/surveys/SurveyEditPage"), "SurveyEditPage");
const SurveyPage = page(["campaigns", "dashboard"], () => import("./pages/surveys/SurveyPage"), "SurveyPage");
const PublicSurveyPage = page(
  ["account", "campaigns"],
  () => import("./pages/surveys/PublicSurveyPage"),
  "PublicSurveyPage",
);
const ProjectsPage = page(["projects"], () => import("./pages/projects/ProjectsPage"), "ProjectsPage");
const ProjectPage = page(["projects", "dashboard"], () => import("./pages/projects/ProjectPage"), "ProjectPage");
const CustomerProjectsPage = page(
  ["projects"],
  () => import("./pages/projects/CustomerProjectsPage"),
  "CustomerProjectsPage",
);
const QuotesPage = page(["quotes"], () => import("./pages/quotes/QuotesPage"), "QuotesPage");
const QuoteBuilderPage = page(["quotes"], () => import("./pages/quotes/QuoteBuilderPage"), "QuoteBuilderPage");
const CustomerQuotesPage = page(["quotes"], () => import("./pages/quotes/CustomerQuotesPage"), "CustomerQuotesPage");
const QuoteLinkPage = page(["account", "quotes"], () => import("./pages/quotes/QuoteLinkPage"), "QuoteLinkPage");
const SalesOrdersPage = page(["quotes"], () => import("./pages/sales-orders/OrdersPage"), "OrdersPage");
const SalesOrderPage = page(["quotes"], () => import("./pages/sales-orders/OrderPage"), "OrderPage");
const TrackVisitPage = page(["account", "visit"], () => import("./pages/track/TrackVisitPage"), "TrackVisitPage");
const TechniciansPage = page(["technicians"], () => import("./pages/technicians/TechniciansPage"), "TechniciansPage");
const TechnicianPage = page(["technicians"], () => import("./pages/technicians/TechnicianPage"), "TechnicianPage");
const DispatchSettingsPage = page(
  ["technicians"],
  () => import("./pages/technicians/DispatchSettingsPage"),
  "DispatchSettingsPage",
);
const DispatchBoardPage = page(["board"], () => import("./pages/dispatch/DispatchBoardPage"), "DispatchBoardPage");
const CustomerOverviewPage = page(["portal"], () => import("./pages/CustomerOverview"), "CustomerOverviewPage");
const CustomerTicketDetailPage = page(
  ["customer"],
  () => import("./pages/customer/tickets/CustomerTicketDetailPage"),
  "CustomerTicketDetailPage",
);
const CustomerTicketNewPage = page(
  ["customer"],
  () => import("./pages/customer/tickets/CustomerTicketNewPage"),
  "CustomerTicketNewPage",
);
const CustomerTicketsPage = page(
  ["customer"],
  () => import("./pages/customer/tickets/CustomerTicketsPage"),
  "CustomerTicketsPage",
);
const ExpensesPage = page(["expenses"], () => import("./pages/expenses/ExpensesPage"), "ExpensesPage");
const RatesPage = page(["expenses"], () => import("./pages/expenses/RatesPage"), "RatesPage");
const WorkOrderCostPage = page(
  ["dashboard", "expenses"],
  () => import("./pages/expenses/WorkOrderCostPage"),
  "WorkOrderCostPage",
);
const ForgotPasswordPage = page(["account"], () => import("./pages/ForgotPassword"), "ForgotPasswordPage");
const InboxPage = page(["inbox", "inboxMacros", "sales"], () => import("./pages/inbox/InboxPage"), "InboxPage");
const InboxSettingsPage = page(
  ["inbox", "inboxMacros", "inboxChannels"],
  () => import("./pages/inbox/InboxSettingsPage"),
  "InboxSettingsPage",
);
const InboxReportsPage = page(
  ["dashboard", "inboxReports"],
  () => import("./pages/inbox-reports/InboxReportsPage"),
  "InboxReportsPage",
);
const InventoryItemsPage = page(["inventory"], () => import("./pages/inventory/ItemsPage"), "ItemsPage");
const InventoryMovementsPage = page(["inventory"], () => import("./pages/inventory/MovementsPage"), "MovementsPage");
const InventoryRequestsPage = page(["inventory"], () => import("./pages/inventory/RequestsPage"), "RequestsPage");
const InventoryStockPage = page(["inventory"], () => import("./pages/inventory/StockPage"), "StockPage");
const InventoryVanPage = page(["inventory"], () => import("./pages/inventory/VanPage"), "VanPage");
const WorkOrderMaterialsPage = page(
  ["inventory"],
  () => import("./pages/inventory/WorkOrderMaterials"),
  "WorkOrderMaterialsPage",
);
const MagicLinkPage = page(["account"], () => import("./pages/MagicLink"), "MagicLinkPage");
const MailboxPage = page(["mail"], () => import("./pages/Mailbox"), "MailboxPage");
const MfaSetupPage = page(["account"], () => import("./pages/MfaSetup"), "MfaSetupPage");
const NotificationsPage = page(["notifications"], () => import("./pages/Notifications"), "NotificationsPage");
const OrganizationPage = page(
  ["crm", "tickets"],
  () => import("./pages/organizations/OrganizationPage"),
  "OrganizationPage",
);
const OrganizationsPage = page(["crm"], () => import("./pages/organizations/OrganizationsPage"), "OrganizationsPage");
const PeoplePage = page(["crm"], () => import("./pages/people/PeoplePage"), "PeoplePage");
const PersonPage = page(["crm", "tickets"], () => import("./pages/people/PersonPage"), "PersonPage");
const SalesBoardPage = page(["sales"], () => import("./pages/sales/BoardPage"), "BoardPage");
const SalesLeadsPage = page(["sales"], () => import("./pages/sales/LeadsPage"), "LeadsPage");
const SalesLeadPage = page(["sales"], () => import("./pages/sales/LeadPage"), "LeadPage");
const SalesReportsPage = page(["sales", "dashboard"], () => import("./pages/sales/ReportsPage"), "ReportsPage");
const CommissionsPage = page(
  ["commissions", "dashboard"],
  () => import("./pages/commissions/CommissionsPage"),
  "CommissionsPage",
);
const PayoutsPage = page(["commissions"], () => import("./pages/commissions/PayoutsPage"), "PayoutsPage");
const CommissionRatesPage = page(["commissions"], () => import("./pages/commissions/RatesPage"), "RatesPage");
const ResellerCommissionsPage = page(
  ["commissions"],
  () => import("./pages/reseller/ResellerCommissionsPage"),
  "ResellerCommissionsPage",
);
const ResellerOrdersPage = page(
  ["commissions"],
  () => import("./pages/reseller/ResellerOrdersPage"),
  "ResellerOrdersPage",
);
const ResellerPayoutsPage = page(
  ["commissions"],
  () => import("./pages/reseller/ResellerPayoutsPage"),
  "ResellerPayoutsPage",
);
const ResellerTicketsPage = page(
  ["crm", "tickets"],
  () => import("./pages/reseller/ResellerTicketsPage"),
  "ResellerTicketsPage",
);
const SubscriberPage = page(["crm", "tickets"], () => import("./pages/subscribers/SubscriberPage"), "SubscriberPage");
const PortalSecurityPage = page(["account"], () => import("./pages/PortalSecurity"), "PortalSecurityPage");
const PortalUsersPage = page(["portal"], () => import("./pages/PortalUsers"), "PortalUsersPage");
const ProfilePage = page(["account"], () => import("./pages/Profile"), "ProfilePage");
const ResellerOrganizationsPage = page(
  ["portal"],
  () => import("./pages/ResellerOrganizations"),
  "ResellerOrganizationsPage",
);
const ResellerSubscribersPage = page(
  ["crm", "portal"],
  () => import("./pages/ResellerSubscribers"),
  "ResellerSubscribersPage",
);
const ResetPasswordPage = page(["account"], () => import("./pages/ResetPassword"), "ResetPasswordPage");
const RolesPage = page(["admin"], () => import("./pages/roles/RolesPage"), "RolesPage");
const SlaSettingsPage = page(
  ["sla", "slaClock", "tickets"],
  () => import("./pages/settings/sla/SlaSettingsPage"),
  "SlaSettingsPage",
);
const TicketSettingsPage = page(
  ["teams", "ticketSettings", "tickets"],
  () => import("./pages/settings/tickets/TicketSettingsPage"),
  "TicketSettingsPage",
);
const StatusPage = page(["mail", "status"], () => import("./pages/status/StatusPage"), "StatusPage");
const TicketCreatePage = page(
  ["ticket", "ticketCreate", "tickets"],
  () => import("./pages/tickets/create/TicketCreatePage"),
  "TicketCreatePage",
);
const SupportDashboardPage = page(
  ["dashboard", "slaClock", "tickets"],
  () => import("./pages/tickets/dashboard/SupportDashboardPage"),
  "SupportDashboardPage",
);
const TicketDetailPage = page(
  ["crm", "slaClock", "ticket", "tickets"],
  () => import("./pages/tickets/detail/TicketDetailPage"),
  "TicketDetailPage",
);
const TicketListPage = page(
  ["slaClock", "tickets"],
  () => import("./pages/tickets/list/TicketListPage"),
  "TicketListPage",
);
const TechApp = page(["tech"], () => import("./tech/TechApp"), "TechApp");
const TechTodayPage = page(["tech"], () => import("./tech/TodayPage"), "TodayPage");
const TechJobPage = page(["tech"], () => import("./tech/JobPage"), "JobPage");
const TechOutboxPage = page(["tech"], () => import("./tech/OutboxPage"), "OutboxPage");
const UsersPage = page(["admin"], () => import("./pages/users/UsersPage"), "UsersPage");
const WorkOrderListPage = page(
  ["workOrders"],
  () => import("./pages/work-orders/WorkOrderListPage"),
  "WorkOrderListPage",
);
const WorkOrderCreatePage = page(
  ["workOrders"],
  () => import("./pages/work-orders/WorkOrderCreatePage"),
  "WorkOrderCreatePage",
);
const WorkOrderDetailPage = page(
  ["tickets", "workOrders", "inventory", "dashboard", "expenses"],
  () => import("./pages/work-orders/WorkOrderDetailPage"),
  "WorkOrderDetailPage",
);
const WorkOrderSettingsPage = page(
  ["workOrders"],
  () => import("./pages/work-orders/WorkOrderSettingsPage"),
  "WorkOrderSettingsPage",
);
const VendorProfilePage = page(["portal"], () => import("./pages/VendorProfile"), "VendorProfilePage");
const VendorProjectsPage = page(["contracts"], () => import("./pages/vendor/VendorProjectsPage"), "VendorProjectsPage");
const VendorProjectPage = page(["contracts"], () => import("./pages/vendor/VendorProjectPage"), "VendorProjectPage");
const InstallationProjectsPage = page(
  ["contracts"],
  () => import("./pages/installation-projects/InstallationProjectsPage"),
  "InstallationProjectsPage",
);
const InstallationProjectPage = page(
  ["contracts"],
  () => import("./pages/installation-projects/InstallationProjectPage"),
  "InstallationProjectPage",
);

/** Any 401 (an expired or revoked session) ends at the login page, which brings the user back after. */
function Root(props: RouteSectionProps) {
  const navigate = useNavigate();
  onUnauthorized(() => {
    // Already signed out on purpose (a refresh that was in flight during sign-out): nothing to do.
    if (user() === null) return;
    setUser(null);
    if (!window.location.pathname.startsWith("/login")) navigate(loginHref(), { replace: true });
  });
  return <>{props.children}</>;
}

/** A public page of the customer, reseller or vendor portal, told which portal from the path. */
function PortalPublic(Page: (props: { portal: PortalName }) => JSX.Element) {
  return () => {
    const params = useParams();
    return (
      <Show when={portals.has(params.portal ?? "")} fallback={<NotFound />}>
        <Page portal={params.portal as PortalName} />
      </Show>
    );
  };
}
const portals = new Set(["customer", "reseller", "vendor"]);

/** The signed-in section of one portal: its shell around its pages. */
const portalSection = (portal: OuterPortal) => (props: RouteSectionProps) => <PortalShell portal={portal} {...props} />;

/**
 * Where a staff user lands after sign-in: a field technician on the phone app, the support dashboard
 * for whoever works tickets (agents, admins).
 */
const staffHome = () =>
  user()?.roles.includes("field_technician") && !can("support:ticket:read")
    ? "/tech/"
    : user()?.roles.includes("dispatcher") && !user()?.roles.includes("admin")
      ? "/dispatch"
      : can("support:ticket:read")
        ? "/support"
        : can("system:monitoring:read")
          ? "/status"
          : can("inventory:read")
            ? "/inventory/stock"
            : can("crm:lead:read")
              ? "/sales"
              : "/profile";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// The chosen language arrives first (English is in the entry; another language is one small fetch).
localeReady.then(() =>
  render(
    () => (
      <Router root={Root}>
        <Route path="/login" component={() => <Login />} />
        <Route path="/mfa-setup" component={() => <MfaSetupPage portal="staff" />} />
        <Route path="/change-password" component={() => <ChangePasswordPage portal="staff" />} />
        <Route path="/forgot-password" component={() => <ForgotPasswordPage portal="staff" />} />
        <Route path="/reset-password" component={() => <ResetPasswordPage portal="staff" />} />
        <Route path="/accept-invitation" component={() => <AcceptInvitationPage portal="staff" />} />
        {/* The other portals' public pages; their signed-in pages are in their own sections below. */}
        <Route path="/customer/magic-link" component={() => <MagicLinkPage portal="customer" />} />
        <Route path="/customer/confirm" component={ConfirmResolutionPage} />
        <Route path="/csat" component={CsatPage} />
        <Route path="/unsubscribe" component={UnsubscribePage} />
        <Route path="/survey" component={PublicSurveyPage} />
        <Route path="/s/:slug" component={PublicSurveyPage} />
        <Route path="/track" component={TrackVisitPage} />
        <Route path="/quote" component={QuoteLinkPage} />
        <Route path="/:portal/forgot-password" component={PortalPublic(ForgotPasswordPage)} />
        <Route path="/:portal/reset-password" component={PortalPublic(ResetPasswordPage)} />
        <Route path="/:portal/accept-invitation" component={PortalPublic(AcceptInvitationPage)} />
        <Route path="/customer/login" component={() => <Login portal="customer" />} />
        <Route path="/customer/mfa-setup" component={() => <MfaSetupPage portal="customer" />} />
        <Route path="/customer/change-password" component={() => <ChangePasswordPage portal="customer" />} />
        <Route path="/reseller/login" component={() => <Login portal="reseller" />} />
        <Route path="/reseller/mfa-setup" component={() => <MfaSetupPage portal="reseller" />} />
        <Route path="/reseller/change-password" component={() => <ChangePasswordPage portal="reseller" />} />
        <Route path="/vendor/login" component={() => <Login portal="vendor" />} />
        <Route path="/vendor/mfa-setup" component={() => <MfaSetupPage portal="vendor" />} />
        <Route path="/vendor/change-password" component={() => <ChangePasswordPage portal="vendor" />} />
        <Route path="/customer" component={portalSection("customer")}>
          <Route path="/" component={CustomerOverviewPage} />
          <Route path="/tickets" component={CustomerTicketsPage} />
          <Route path="/quotes" component={CustomerQuotesPage} />
          <Route path="/projects" component={CustomerProjectsPage} />
          <Route path="/tickets/new" component={CustomerTicketNewPage} />
          <Route path="/tickets/:ref" component={CustomerTicketDetailPage} />
          <Route path="/security" component={() => <PortalSecurityPage portal="customer" />} />
          <Route path="*" component={NotFound} />
        </Route>
        <Route path="/reseller" component={portalSection("reseller")}>
          <Route path="/" component={ResellerOrganizationsPage} />
          <Route path="/subscribers" component={ResellerSubscribersPage} />
          <Route path="/tickets" component={ResellerTicketsPage} />
          <Route path="/orders" component={ResellerOrdersPage} />
          <Route path="/commissions" component={ResellerCommissionsPage} />
          <Route path="/payouts" component={ResellerPayoutsPage} />
          <Route path="/users" component={() => <PortalUsersPage portal="reseller" />} />
          <Route path="/security" component={() => <PortalSecurityPage portal="reseller" />} />
          <Route path="*" component={NotFound} />
        </Route>
        <Route path="/vendor" component={portalSection("vendor")}>
          <Route path="/" component={VendorProfilePage} />
          <Route path="/projects" component={VendorProjectsPage} />
          <Route path="/projects/:id" component={VendorProjectPage} />
          <Route path="/users" component={() => <PortalUsersPage portal="vendor" />} />
          <Route path="/security" component={() => <PortalSecurityPage portal="vendor" />} />
          <Route path="*" component={NotFound} />
        </Route>
        {/* The technician's phone app (installable; its service worker's scope is /tech/). */}
        <Route path="/tech" component={TechApp}>
          <Route path="/" component={TechTodayPage} />
          <Route path="/jobs/:id" component={TechJobPage} />
          <Route path="/outbox" component={TechOutboxPage} />
          <Route path="*" component={NotFound} />
        </Route>
        <Route path="/" component={Shell}>
          <Route path="/" component={() => <Navigate href={staffHome()} />} />
          <Route path="/status" component={StatusPage} />
          <Route path="/support" component={SupportDashboardPage} />
          <Route path="/inbox" component={InboxPage} />
          <Route path="/settings/inbox" component={InboxSettingsPage} />
          <Route path="/tickets" component={TicketListPage} />
          <Route path="/tickets/new" component={TicketCreatePage} />
          <Route path="/tickets/:ref" component={TicketDetailPage} />
          <Route path="/work-orders" component={WorkOrderListPage} />
          <Route path="/work-orders/new" component={WorkOrderCreatePage} />
          <Route path="/work-orders/:id" component={WorkOrderDetailPage} />
          <Route path="/inbox/reports" component={InboxReportsPage} />
          <Route path="/people" component={PeoplePage} />
          <Route path="/people/:id" component={PersonPage} />
          <Route path="/campaigns" component={CampaignsPage} />
          <Route path="/campaigns/new" component={CampaignEditPage} />
          <Route path="/campaigns/:id" component={CampaignPage} />
          <Route path="/surveys" component={SurveysPage} />
          <Route path="/surveys/new" component={SurveyEditPage} />
          <Route path="/surveys/:id" component={SurveyPage} />
          <Route path="/commissions" component={CommissionsPage} />
          <Route path="/sales" component={SalesBoardPage} />
          <Route path="/sales/leads" component={SalesLeadsPage} />
          <Route path="/sales/leads/:id" component={SalesLeadPage} />
          <Route path="/sales/reports" component={SalesReportsPage} />
          <Route path="/commissions/payouts" component={PayoutsPage} />
          <Route path="/commissions/rates" component={CommissionRatesPage} />
          <Route path="/organizations" component={OrganizationsPage} />
          <Route path="/organizations/:id" component={OrganizationPage} />
          <Route path="/subscribers/:id" component={SubscriberPage} />
          <Route path="/notifications" component={NotificationsPage} />
          <Route path="/dispatch" component={DispatchBoardPage} />
          <Route path="/technicians" component={TechniciansPage} />
          <Route path="/technicians/:id" component={TechnicianPage} />
          <Route path="/settings/dispatch" component={DispatchSettingsPage} />
          <Route path="/settings/sla" component={SlaSettingsPage} />
          <Route path="/settings/tickets" component={TicketSettingsPage} />
          <Route path="/settings/work-orders" component={WorkOrderSettingsPage} />
          <Route path="/settings/rates" component={RatesPage} />
          <Route path="/expenses" component={ExpensesPage} />
          <Route path="/expenses/work-orders/:id" component={WorkOrderCostPage} />
          <Route path="/dev/mailbox" component={MailboxPage} />
          <Route path="/audit" component={AuditPage} />
          <Route path="/api-keys" component={ApiKeysPage} />
          <Route path="/profile" component={ProfilePage} />
          <Route path="/users" component={UsersPage} />
          <Route path="/roles" component={RolesPage} />
          <Route path="/inventory" component={() => <Navigate href="/inventory/stock" />} />
          <Route path="/installation-projects" component={InstallationProjectsPage} />
          <Route path="/installation-projects/:id" component={InstallationProjectPage} />
          <Route path="/quotes" component={QuotesPage} />
          <Route path="/projects" component={ProjectsPage} />
          <Route path="/projects/:id" component={ProjectPage} />
          <Route path="/quotes/:id" component={QuoteBuilderPage} />
          <Route path="/sales-orders" component={SalesOrdersPage} />
          <Route path="/sales-orders/:id" component={SalesOrderPage} />
          <Route path="/inventory/stock" component={InventoryStockPage} />
          <Route path="/inventory/items" component={InventoryItemsPage} />
          <Route path="/inventory/movements" component={InventoryMovementsPage} />
          <Route path="/inventory/requests" component={InventoryRequestsPage} />
          <Route path="/inventory/my-van" component={InventoryVanPage} />
          <Route path="/inventory/vans/:id" component={InventoryVanPage} />
          <Route path="/inventory/work-orders/:id" component={WorkOrderMaterialsPage} />
          <Route path="*" component={NotFound} />
        </Route>
      </Router>
    ),
    root,
  ),
);
