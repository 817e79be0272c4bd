import { useTitle } from "../format";

/** Placeholder until the page lands. */
export function RolesPage() {
  useTitle("Roles and permissions");
  return <section />;
}
