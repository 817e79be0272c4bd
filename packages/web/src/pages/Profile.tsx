import { AccountSecurity } from "../components/account/security";
import { useTitle } from "../format";
import { user } from "../session";
export function ProfilePage() {
  useTitle("Profile");
  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Profile</h1>
          <p class="page-sub">
            Signed in as {user()?.displayName} ({user()?.email}).
          </p>
        </div>
      </div>
      <AccountSecurity portal="staff" />
    </div>
  );
}
