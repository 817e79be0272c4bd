import "./styles.css";
import { Navigate, Route, Router, type RouteSectionProps, useNavigate } from "@solidjs/router";
import { render } from "solid-js/web";
import { onUnauthorized } from "./api";
import { Shell } from "./components/Shell";
import { ApiKeysPage } from "./pages/ApiKeys";
import { AuditPage } from "./pages/Audit";
import { Login } from "./pages/Login";
import { NotFound } from "./pages/NotFound";
import { ProfilePage } from "./pages/Profile";
import { StatusPage } from "./pages/Status";
import { loginHref, setUser, user } from "./session";

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

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

render(
  () => (
    <Router root={Root}>
      <Route path="/login" component={Login} />
      <Route path="/" component={Shell}>
        <Route path="/" component={() => <Navigate href="/status" />} />
        <Route path="/status" component={StatusPage} />
        <Route path="/audit" component={AuditPage} />
        <Route path="/api-keys" component={ApiKeysPage} />
        <Route path="/profile" component={ProfilePage} />
        <Route path="*" component={NotFound} />
      </Route>
    </Router>
  ),
  root,
);
