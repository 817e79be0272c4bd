import type { PortalName } from "../api";
import { useTitle } from "../format";

/** Placeholder until the page lands. */
export function ForgotPasswordPage(props: { portal: PortalName }) {
  useTitle("Forgot password");
  return <main id="main" data-portal={props.portal} />;
}
