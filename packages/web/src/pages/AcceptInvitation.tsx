import type { PortalName } from "../api";
import { useTitle } from "../format";

/** Placeholder until the page lands. */
export function AcceptInvitationPage(props: { portal: PortalName }) {
  useTitle("Accept your invitation");
  return <main id="main" data-portal={props.portal} />;
}
