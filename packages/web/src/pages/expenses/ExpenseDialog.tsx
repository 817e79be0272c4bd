import { createSignal, For, Show } from "solid-js";
import { ApiError, client, errorMessage, read } from "../../api";
import { ACCEPTED_TYPES, UploadBar, uploadFile } from "../../components/AttachmentUpload";
import { DialogForm, Field, invalid } from "../../components/kit/DialogForm";
import { fractionDigits, parseAmount } from "../../components/timecost/money";
import { t } from "../../i18n";

const endpoint = client.api.v1["expense-requests"];
export type ExpenseRequest = Awaited<ReturnType<typeof fetchOne>>;
const fetchOne = (id: string) => read(endpoint[":id"].$get({ param: { id } }));

export const CATEGORIES = [
  "fuel",
  "transport",
  "parking",
  "meals",
  "lodging",
  "tools",
  "materials",
  "communication",
  "other",
] as const;

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * The new expense form: purpose, one item (category, amount in major units, currency, vendor), the job it
 * was for, and a receipt uploaded with a progress bar before the request is filed. Filed as a draft or
 * submitted at once. `clientRef` makes a double submit one request.
 */
export function ExpenseDialog(props: { ref: (el: HTMLDialogElement) => void; onFiled: (r: ExpenseRequest) => void }) {
  const [receipt, setReceipt] = createSignal<{ id: string; name: string }>();
  const [progress, setProgress] = createSignal<{ name: string; value: number }>();
  const [uploadError, setUploadError] = createSignal<string>();
  const [currency, setCurrency] = createSignal("NGN");
  let ref = crypto.randomUUID();

  const pick = async (file: File | undefined) => {
    if (!file) return;
    setReceipt(undefined);
    setUploadError(undefined);
    setProgress({ name: file.name, value: 0 });
    try {
      const uploadId = await uploadFile(
        file,
        {
          slot: (f) => read(endpoint.receipts.slots.$post({ json: f })),
          attach: async (id) => id,
        },
        (value) => setProgress({ name: file.name, value }),
      );
      setReceipt({ id: uploadId, name: file.name });
    } catch (error) {
      setUploadError(errorMessage(error));
    } finally {
      setProgress(undefined);
    }
  };

  const file = async (json: Parameters<typeof endpoint.$post>[0]["json"]) => {
    // The receipt's bytes are checked as they land; on S3 a moment later, so a 409 is retried.
    for (let attempt = 0; ; attempt++) {
      try {
        return await read(endpoint.$post({ json }));
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 409) || attempt >= 6) throw error;
        await pause(500 * (attempt + 1));
      }
    }
  };

  return (
    <DialogForm
      id="exp-new"
      ref={props.ref}
      title={t("expenses.add")}
      submitLabel={t("expenses.saveSubmit")}
      onClose={() => {
        setReceipt(undefined);
        setUploadError(undefined);
        ref = crypto.randomUUID();
      }}
      submit={async (form) => {
        const data = new FormData(form);
        const money = String(data.get("currency") ?? "NGN")
          .trim()
          .toUpperCase();
        const amountMinor = parseAmount(String(data.get("amount") ?? ""), money);
        if (amountMinor === undefined) throw invalid("items.0.amountMinor", t("expenses.amountInvalid"));
        const workOrderId = String(data.get("workOrderId") ?? "").trim();
        const vendor = String(data.get("vendor") ?? "").trim();
        const upload = receipt();
        const result = await file({
          purpose: String(data.get("purpose") ?? "").trim(),
          clientRef: ref,
          submit: data.get("draft") !== "on",
          ...(workOrderId ? { workOrderId } : {}),
          items: [
            {
              category: String(data.get("category")) as (typeof CATEGORIES)[number],
              amountMinor,
              currency: money,
              ...(vendor ? { vendor } : {}),
              ...(upload ? { receiptUploadId: upload.id } : {}),
            },
          ],
        });
        props.onFiled(result.request);
        form.reset();
      }}
    >
      {(errors) => (
        <>
          <Field id="exp-purpose" label={t("expenses.purpose")} error={errors.field("purpose")}>
            {(aria) => (
              <input {...aria} name="purpose" required maxLength={500} placeholder={t("expenses.purposePlaceholder")} />
            )}
          </Field>
          <Field id="exp-category" label={t("expenses.category")} error={errors.field("items.0.category")}>
            {(aria) => (
              <select {...aria} name="category">
                <For each={CATEGORIES}>{(c) => <option value={c}>{t(`expenses.categories.${c}`)}</option>}</For>
              </select>
            )}
          </Field>
          <Field
            id="exp-amount"
            label={t("expenses.amount")}
            hint={t("expenses.amountHint", { currency: currency() })}
            error={errors.field("items.0.amountMinor")}
          >
            {(aria) => (
              <input
                {...aria}
                name="amount"
                required
                inputmode="decimal"
                pattern={fractionDigits(currency()) > 0 ? "[0-9]+([.,][0-9]+)?" : "[0-9]+"}
              />
            )}
          </Field>
          <Field id="exp-currency" label={t("expenses.currency")} error={errors.field("items.0.currency")}>
            {(aria) => (
              <input
                {...aria}
                name="currency"
                required
                maxLength={3}
                value={currency()}
                onInput={(e) => setCurrency(e.currentTarget.value.toUpperCase() || "NGN")}
              />
            )}
          </Field>
          <Field id="exp-vendor" label={t("expenses.vendor")} error={errors.field("items.0.vendor")}>
            {(aria) => <input {...aria} name="vendor" maxLength={200} />}
          </Field>
          <Field
            id="exp-wo"
            label={t("expenses.workOrder")}
            hint={t("expenses.workOrderHint")}
            error={errors.field("workOrderId")}
          >
            {(aria) => <input {...aria} name="workOrderId" maxLength={36} />}
          </Field>
          <Field
            id="exp-receipt"
            label={t("expenses.receipt")}
            error={uploadError() ?? errors.field("items.0.receiptUploadId")}
          >
            {(aria) => (
              <input
                {...aria}
                type="file"
                accept={ACCEPTED_TYPES}
                onChange={(e) => void pick(e.currentTarget.files?.[0])}
              />
            )}
          </Field>
          <Show when={progress()}>{(p) => <UploadBar name={p().name} progress={p().value} />}</Show>
          <Show when={receipt()}>
            {(r) => (
              <p class="muted" role="status">
                {t("expenses.receiptAttached", { name: r().name })}
              </p>
            )}
          </Show>
          <label class="checkbox">
            <input type="checkbox" name="draft" /> {t("expenses.saveDraft")}
          </label>
        </>
      )}
    </DialogForm>
  );
}
