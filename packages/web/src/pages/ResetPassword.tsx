import type { PortalName } from "../api";
import { useTitle } from "../format";

/** Placeholder until the page lands. */
export function ResetPasswordPage(props: { portal: PortalName }) {
  useTitle("Choose a new password");
  return <main id="main" data-portal={props.portal} />;
}
