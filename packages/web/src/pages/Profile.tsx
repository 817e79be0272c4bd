import { AccountSecurity } from "../components/account/security";
import { PageHeader } from "../components/kit/PageHeader";
import { useTitle } from "../format";
import { user } from "../session";
export function ProfilePage() {
  useTitle("Profile");
  return (
    <div class="page">
      <PageHeader
        title={<>Profile</>}
        sub={
          <>
            Signed in as {user()?.displayName} ({user()?.email}).
          </>
        }
      />
      <AccountSecurity portal="staff" />
    </div>
  );
}
