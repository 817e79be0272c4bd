import { AccountSecurity } from "../components/account/security";
import { PageHeader } from "../components/kit/PageHeader";
import { useTitle } from "../format";
import { t } from "../i18n";
import { user } from "../session";

/** The signed-in staff user's account. */
export function ProfilePage() {
  useTitle(t("account.profile.title"));
  return (
    <div class="page">
      <PageHeader
        title={t("account.profile.title")}
        sub={t("account.profile.signedInAs", { name: user()?.displayName ?? "", email: user()?.email ?? "" })}
      />
      <AccountSecurity portal="staff" />
    </div>
  );
}
