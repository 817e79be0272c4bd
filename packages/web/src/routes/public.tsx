import { Route, useParams } from "@solidjs/router";
import { type JSX, Show } from "solid-js";
import type { PortalName } from "../api";
import { Login } from "../pages/Login";
import { NotFound } from "../pages/NotFound";
import { page } from "./page";

const AcceptInvitationPage = page(["account"], () => import("../pages/AcceptInvitation"), "AcceptInvitationPage");
const ChangePasswordPage = page(["account"], () => import("../pages/ChangePassword"), "ChangePasswordPage");
const ConfirmResolutionPage = page(
  ["account", "customer"],
  () => import("../pages/ConfirmResolution"),
  "ConfirmResolutionPage",
);
const CsatPage = page(["account", "csat"], () => import("../pages/Csat"), "CsatPage");
const UnsubscribePage = page(
  ["account", "campaigns"],
  () => import("../pages/campaigns/UnsubscribePage"),
  "UnsubscribePage",
);
const PublicSurveyPage = page(
  ["account", "campaigns"],
  () => import("../pages/surveys/PublicSurveyPage"),
  "PublicSurveyPage",
);
const QuoteLinkPage = page(["account", "quotes"], () => import("../pages/quotes/QuoteLinkPage"), "QuoteLinkPage");
const TrackVisitPage = page(["account", "visit"], () => import("../pages/track/TrackVisitPage"), "TrackVisitPage");
const ForgotPasswordPage = page(["account"], () => import("../pages/ForgotPassword"), "ForgotPasswordPage");
const MagicLinkPage = page(["account"], () => import("../pages/MagicLink"), "MagicLinkPage");
const MfaSetupPage = page(["account"], () => import("../pages/MfaSetup"), "MfaSetupPage");
const ResetPasswordPage = page(["account"], () => import("../pages/ResetPassword"), "ResetPasswordPage");

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

/**
 * The pages before sign-in: each portal's login, MFA set-up, password change and recovery, invitations,
 * and the public links (resolution confirm, CSAT, surveys, unsubscribe, track my visit, quote links).
 */
export const publicRoutes = () => (
  <>
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
  </>
);
