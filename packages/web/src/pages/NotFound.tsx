import { A } from "@solidjs/router";
import { useTitle } from "../format";

export function NotFound() {
  useTitle("Page not found");
  return (
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Page not found</h1>
          <p class="page-sub">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
        </div>
      </div>
      <A href="/status" class="btn btn-primary">
        Go to System status
      </A>
    </div>
  );
}
