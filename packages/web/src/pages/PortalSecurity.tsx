import { AccountSecurity } from "../components/account/security";
import { PageHeader } from "../components/kit/PageHeader";
import type { OuterPortal } from "../components/PortalShell";
import { useTitle } from "../format";
import { t } from "../i18n";
import { user } from "../session";

/** A portal account's security: password, two-factor authentication, and where it is signed in. */
export function PortalSecurityPage(props: { portal: OuterPortal }) {
  useTitle(t("account.security.title"));
  return (
    <div class="page">
      <PageHeader
        title={t("account.security.title")}
        sub={t("account.profile.signedInAs", { name: user()?.displayName ?? "", email: user()?.email ?? "" })}
      />
      <AccountSecurity portal={props.portal} />
    </div>
  );
}
