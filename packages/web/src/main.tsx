import "./styles/index.css";
import "./lib/theme";
import { Navigate, Route, Router, type RouteSectionProps, useNavigate } from "@solidjs/router";
import { render } from "solid-js/web";
import { onUnauthorized } from "./api";
import { Shell } from "./components/Shell";
import { localeReady } from "./i18n";
import { NotFound } from "./pages/NotFound";
import { fieldRoutes } from "./routes/field";
import { portalRoutes } from "./routes/portals";
import { publicRoutes } from "./routes/public";
import { salesRoutes } from "./routes/sales";
import { supportRoutes } from "./routes/support";
import { can, loginHref, setUser, user } from "./session";

/*
 * The route table, by part of the product (routes/): pages load on first visit (one chunk each, plus
 * what they share, with their dictionary areas: routes/page.ts), so the first screen downloads the
 * shell and its own page, not the whole product; sign-in and "not found" come with the entry.
 */

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
        {publicRoutes()}
        {portalRoutes()}
        <Route path="/" component={Shell}>
          <Route path="/" component={() => <Navigate href={staffHome()} />} />
          {supportRoutes()}
          {fieldRoutes()}
          {salesRoutes()}
          <Route path="*" component={NotFound} />
        </Route>
      </Router>
    ),
    root,
  ),
);
