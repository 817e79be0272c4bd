import { useTitle } from "../format";

/** Placeholder until the page lands. */
export function UsersPage() {
  useTitle("Users");
  return <section />;
}
