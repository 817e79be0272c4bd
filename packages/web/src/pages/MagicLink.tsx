import type { PortalName } from "../api";
import { useTitle } from "../format";

/** Placeholder until the page lands. */
export function MagicLinkPage(props: { portal: PortalName }) {
  useTitle("Email sign-in link");
  return <main id="main" data-portal={props.portal} />;
}
