import { Route, type RouteSectionProps } from "@solidjs/router";
import { type OuterPortal, PortalShell } from "../components/PortalShell";
import { NotFound } from "../pages/NotFound";
import { page } from "./page";

const CustomerProjectsPage = page(
  ["projects"],
  () => import("../pages/projects/CustomerProjectsPage"),
  "CustomerProjectsPage",
);
const CustomerQuotesPage = page(["quotes"], () => import("../pages/quotes/CustomerQuotesPage"), "CustomerQuotesPage");
const CustomerOverviewPage = page(["portal"], () => import("../pages/CustomerOverview"), "CustomerOverviewPage");
const CustomerTicketDetailPage = page(
  ["customer"],
  () => import("../pages/customer/tickets/CustomerTicketDetailPage"),
  "CustomerTicketDetailPage",
);
const CustomerTicketNewPage = page(
  ["customer"],
  () => import("../pages/customer/tickets/CustomerTicketNewPage"),
  "CustomerTicketNewPage",
);
const CustomerTicketsPage = page(
  ["customer"],
  () => import("../pages/customer/tickets/CustomerTicketsPage"),
  "CustomerTicketsPage",
);
const ResellerCommissionsPage = page(
  ["commissions"],
  () => import("../pages/reseller/ResellerCommissionsPage"),
  "ResellerCommissionsPage",
);
const ResellerOrdersPage = page(
  ["commissions"],
  () => import("../pages/reseller/ResellerOrdersPage"),
  "ResellerOrdersPage",
);
const ResellerPayoutsPage = page(
  ["commissions"],
  () => import("../pages/reseller/ResellerPayoutsPage"),
  "ResellerPayoutsPage",
);
const ResellerTicketsPage = page(
  ["crm", "tickets"],
  () => import("../pages/reseller/ResellerTicketsPage"),
  "ResellerTicketsPage",
);
const PortalSecurityPage = page(["account"], () => import("../pages/PortalSecurity"), "PortalSecurityPage");
const PortalUsersPage = page(["portal"], () => import("../pages/PortalUsers"), "PortalUsersPage");
const ResellerOrganizationsPage = page(
  ["portal"],
  () => import("../pages/ResellerOrganizations"),
  "ResellerOrganizationsPage",
);
const ResellerSubscribersPage = page(
  ["crm", "portal"],
  () => import("../pages/ResellerSubscribers"),
  "ResellerSubscribersPage",
);
const TechApp = page(["tech"], () => import("../tech/TechApp"), "TechApp");
const TechTodayPage = page(["tech"], () => import("../tech/TodayPage"), "TodayPage");
const TechJobPage = page(["tech"], () => import("../tech/JobPage"), "JobPage");
const TechOutboxPage = page(["tech"], () => import("../tech/OutboxPage"), "OutboxPage");
const VendorProfilePage = page(["portal"], () => import("../pages/VendorProfile"), "VendorProfilePage");
const VendorProjectsPage = page(
  ["contracts"],
  () => import("../pages/vendor/VendorProjectsPage"),
  "VendorProjectsPage",
);
const VendorProjectPage = page(["contracts"], () => import("../pages/vendor/VendorProjectPage"), "VendorProjectPage");

/** The signed-in section of one portal: its shell around its pages. */
const portalSection = (portal: OuterPortal) => (props: RouteSectionProps) => <PortalShell portal={portal} {...props} />;

/** The customer, reseller and vendor portals' signed-in sections, and the technician's phone app. */
export const portalRoutes = () => (
  <>
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
  </>
);
