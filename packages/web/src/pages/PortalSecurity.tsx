import { AccountSecurity } from "../components/account/security";
import { PageHeader } from "../components/kit/PageHeader";
import type { OuterPortal } from "../components/PortalShell";
import { useTitle } from "../format";
import { user } from "../session";

/** A portal account's security: password, two-factor authentication, and where it is signed in. */
export function PortalSecurityPage(props: { portal: OuterPortal }) {
  useTitle("Security");
  return (
    <div class="page">
      <PageHeader
        title={<>Security</>}
        sub={
          <>
            Signed in as {user()?.displayName} ({user()?.email}).
          </>
        }
      />
      <AccountSecurity portal={props.portal} />
    </div>
  );
}
