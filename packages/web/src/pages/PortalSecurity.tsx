import { AccountSecurity } from "../components/account/security";
import type { OuterPortal } from "../components/PortalShell";
import { useTitle } from "../format";
import { user } from "../session";

/** A portal account's security: password, two-factor authentication, and where it is signed in. */
export function PortalSecurityPage(props: { portal: OuterPortal }) {
  useTitle("Security");
  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Security</h1>
          <p class="page-sub">
            Signed in as {user()?.displayName} ({user()?.email}).
          </p>
        </div>
      </div>
      <AccountSecurity portal={props.portal} />
    </div>
  );
}
