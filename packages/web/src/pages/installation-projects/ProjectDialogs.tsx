import { For } from "solid-js";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { t } from "../../i18n";
import { isoDay } from "../../lib/date-input";
import { contractsApi, type VendorOption } from "./api";

const DAY = 24 * 3600 * 1000;

/** A draft's two ways forward: open it for bidding (≥ 7 days) or assign it to one contractor. */
export function ProjectDialogs(props: {
  id: string;
  vendors: VendorOption[];
  biddingRef: (el: HTMLDialogElement) => void;
  assignRef: (el: HTMLDialogElement) => void;
  onOpened: () => void;
  onAssigned: () => void;
}) {
  const id = () => props.id;
  const vendors = () => props.vendors;
  return (
    <>
      <DialogForm
        id="ip-bidding"
        ref={props.biddingRef}
        title={t("contracts.staff.openBidding")}
        intro={t("contracts.staff.biddingIntro")}
        submitLabel={t("contracts.staff.open")}
        submit={async (form) => {
          const day = String(new FormData(form).get("closesAt") ?? "");
          if (!day) throw invalid("closesAt", t("contracts.staff.pickDate"));
          await contractsApi.openBidding(id(), new Date(`${day}T17:00:00Z`).toISOString());
          props.onOpened();
        }}
      >
        {(errors) => (
          <Field
            id="ip-closes"
            label={t("contracts.col.closes")}
            hint={t("contracts.staff.closesHint")}
            error={errors.field("closesAt")}
          >
            {(aria) => (
              <input
                {...aria}
                type="date"
                name="closesAt"
                required
                min={isoDay(new Date(Date.now() + 8 * DAY))}
                value={isoDay(new Date(Date.now() + 14 * DAY))}
              />
            )}
          </Field>
        )}
      </DialogForm>
      <DialogForm
        id="ip-assign"
        ref={props.assignRef}
        title={t("contracts.staff.assign")}
        intro={t("contracts.staff.assignIntro")}
        submitLabel={t("contracts.staff.assign")}
        submit={async (form) => {
          const vendor = String(new FormData(form).get("vendorOrganizationId") ?? "");
          if (!vendor) throw invalid("vendorOrganizationId", t("contracts.staff.pickVendor"));
          await contractsApi.assign(id(), vendor);
          props.onAssigned();
        }}
      >
        {(errors) => (
          <Field id="ip-vendor" label={t("contracts.col.vendor")} error={errors.field("vendorOrganizationId")}>
            {(aria) => (
              <select {...aria} name="vendorOrganizationId" required>
                <option value="">{t("contracts.staff.pickVendor")}</option>
                <For each={vendors()}>{(v) => <option value={v.id}>{v.name}</option>}</For>
              </select>
            )}
          </Field>
        )}
      </DialogForm>
    </>
  );
}
