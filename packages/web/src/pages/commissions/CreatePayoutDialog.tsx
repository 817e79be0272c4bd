import { For } from "solid-js";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { t } from "../../i18n";
import { commissionApi, type PayoutDetail, type Rate } from "./api";

/** A draft payout of one reseller's approved commissions (all of them, in one currency). */
export function CreatePayoutDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  resellers: Rate[];
  onDone: (p: PayoutDetail) => void;
}) {
  return (
    <DialogForm
      id="payout-create"
      ref={props.ref}
      title={t("commissions.payouts.createTitle")}
      intro={t("commissions.payouts.createIntro")}
      submitLabel={t("commissions.payouts.createSubmit")}
      submit={async (form) => {
        const data = new FormData(form);
        const currency = String(data.get("currency") ?? "")
          .trim()
          .toUpperCase();
        props.onDone(
          await commissionApi.createPayout({
            resellerOrganizationId: String(data.get("resellerOrganizationId") ?? ""),
            ...(currency ? { currency } : {}),
          }),
        );
      }}
    >
      {(errors) => (
        <>
          <Field
            id="payout-reseller"
            label={t("commissions.payouts.reseller")}
            error={errors.field("resellerOrganizationId")}
          >
            {(aria) => (
              <select {...aria} name="resellerOrganizationId" required>
                <For each={props.resellers}>{(r) => <option value={r.organizationId}>{r.name}</option>}</For>
              </select>
            )}
          </Field>
          <Field
            id="payout-currency"
            label={t("commissions.payouts.currency")}
            hint={t("commissions.payouts.currencyHint")}
            error={errors.field("currency")}
          >
            {(aria) => <input {...aria} name="currency" maxLength={3} autocomplete="off" class="input-short" />}
          </Field>
        </>
      )}
    </DialogForm>
  );
}
