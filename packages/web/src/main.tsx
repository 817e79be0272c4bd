import "./styles/index.css";
import "./lib/theme";
import { Navigate, Route, Router, type RouteSectionProps, useNavigate, useParams } from "@solidjs/router";
import { type JSX, Show } from "solid-js";
import { render } from "solid-js/web";
import { onUnauthorized, type PortalName } from "./api";
import { type OuterPortal, PortalShell } from "./components/PortalShell";
import { Shell } from "./components/Shell";
import { AcceptInvitationPage } from "./pages/AcceptInvitation";
import { ApiKeysPage } from "./pages/ApiKeys";
import { AuditPage } from "./pages/audit/AuditPage";
import { ChangePasswordPage } from "./pages/ChangePassword";
import { ConfirmResolutionPage } from "./pages/ConfirmResolution";
import { CustomerOverviewPage } from "./pages/CustomerOverview";
import { CustomerTicketDetailPage } from "./pages/customer/tickets/CustomerTicketDetailPage";
import { CustomerTicketNewPage } from "./pages/customer/tickets/CustomerTicketNewPage";
import { CustomerTicketsPage } from "./pages/customer/tickets/CustomerTicketsPage";
import { ForgotPasswordPage } from "./pages/ForgotPassword";
import { Login } from "./pages/Login";
import { MagicLinkPage } from "./pages/MagicLink";
import { MailboxPage } from "./pages/Mailbox";
import { MfaSetupPage } from "./pages/MfaSetup";
import { NotFound } from "./pages/NotFound";
import { NotificationsPage } from "./pages/Notifications";
import { PortalSecurityPage } from "./pages/PortalSecurity";
import { PortalUsersPage } from "./pages/PortalUsers";
import { ProfilePage } from "./pages/Profile";
import { ResellerOrganizationsPage } from "./pages/ResellerOrganizations";
import { ResellerSubscribersPage } from "./pages/ResellerSubscribers";
import { ResetPasswordPage } from "./pages/ResetPassword";
import { RolesPage } from "./pages/roles/RolesPage";
import { SlaSettingsPage } from "./pages/settings/sla/SlaSettingsPage";
import { TicketSettingsPage } from "./pages/settings/tickets/TicketSettingsPage";
import { StatusPage } from "./pages/status/StatusPage";
import { TicketCreatePage } from "./pages/tickets/create/TicketCreatePage";
import { SupportDashboardPage } from "./pages/tickets/dashboard/SupportDashboardPage";
import { TicketDetailPage } from "./pages/tickets/detail/TicketDetailPage";
import { TicketListPage } from "./pages/tickets/list/TicketListPage";
import { UsersPage } from "./pages/users/UsersPage";
import { VendorProfilePage } from "./pages/VendorProfile";
import { can, loginHref, setUser, user } from "./session";

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

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

/** Where a staff user lands after sign-in: the support dashboard for whoever works tickets (agents, admins). */
const staffHome = () =>
  can("support:ticket:read") ? "/support" : can("system:monitoring:read") ? "/status" : "/profile";

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
        <Route path="/tickets/new" component={CustomerTicketNewPage} />
        <Route path="/tickets/:ref" component={CustomerTicketDetailPage} />
        <Route path="/security" component={() => <PortalSecurityPage portal="customer" />} />
        <Route path="*" component={NotFound} />
      </Route>
      <Route path="/reseller" component={portalSection("reseller")}>
        <Route path="/" component={ResellerOrganizationsPage} />
        <Route path="/subscribers" component={ResellerSubscribersPage} />
        <Route path="/users" component={() => <PortalUsersPage portal="reseller" />} />
        <Route path="/security" component={() => <PortalSecurityPage portal="reseller" />} />
        <Route path="*" component={NotFound} />
      </Route>
      <Route path="/vendor" component={portalSection("vendor")}>
        <Route path="/" component={VendorProfilePage} />
        <Route path="/users" component={() => <PortalUsersPage portal="vendor" />} />
        <Route path="/security" component={() => <PortalSecurityPage portal="vendor" />} />
        <Route path="*" component={NotFound} />
      </Route>
      <Route path="/" component={Shell}>
        <Route path="/" component={() => <Navigate href={staffHome()} />} />
        <Route path="/status" component={StatusPage} />
        <Route path="/support" component={SupportDashboardPage} />
        <Route path="/tickets" component={TicketListPage} />
        <Route path="/tickets/new" component={TicketCreatePage} />
        <Route path="/tickets/:ref" component={TicketDetailPage} />
        <Route path="/notifications" component={NotificationsPage} />
        <Route path="/settings/sla" component={SlaSettingsPage} />
        <Route path="/settings/tickets" component={TicketSettingsPage} />
        <Route path="/dev/mailbox" component={MailboxPage} />
        <Route path="/audit" component={AuditPage} />
        <Route path="/api-keys" component={ApiKeysPage} />
        <Route path="/profile" component={ProfilePage} />
        <Route path="/users" component={UsersPage} />
        <Route path="/roles" component={RolesPage} />
        <Route path="*" component={NotFound} />
      </Route>
    </Router>
  ),
  root,
);
