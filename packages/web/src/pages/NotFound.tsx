import { A } from "@solidjs/router";
import { PageHeader } from "../components/kit/PageHeader";
import { useTitle } from "../format";
import { t } from "../i18n";

export function NotFound() {
  useTitle(t("notFound.title"));
  return (
    <div class="page">
      <PageHeader title={t("notFound.title")} sub={t("notFound.body")} />
      <A href="/status" class="btn btn-primary">
        {t("notFound.home")}
      </A>
    </div>
  );
}
