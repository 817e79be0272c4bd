import { createSignal, For, Show } from "solid-js";
import { send } from "../../api";
import type { PermissionGroups, Role } from "../../components/access";
import { DialogForm, Field } from "../../components/kit/DialogForm";
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import { areaLabel, endpoint } from "./shared";

/** The permission picker: one collapsible group per area, with how many of its keys are chosen. */
export function PermissionPicker(props: { groups: PermissionGroups; selected: Set<string>; error?: string }) {
  const [chosen, setChosen] = createSignal(new Set(props.selected));
  const toggle = (key: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  return (
    <fieldset
      class="field scope-list permission-picker"
      aria-describedby={props.error ? "role-permissions-error" : undefined}
    >
      <legend>{t("admin.roleDialog.permissions", { n: formatNumber(chosen().size) })}</legend>
      <For each={props.groups}>
        {(group) => {
          const count = () => group.permissions.filter((p) => chosen().has(p)).length;
          return (
            <details class="permission-group" open={count() > 0}>
              <summary>
                <span>{areaLabel(group.area)}</span> <code class="muted">{group.area}:…</code>{" "}
                <span class="muted">
                  {t("admin.roleDialog.ofTotal", {
                    n: formatNumber(count()),
                    total: formatNumber(group.permissions.length),
                  })}
                </span>
              </summary>
              <div class="permission-keys">
                <For each={group.permissions}>
                  {(key) => (
                    <label class="check">
                      <input
                        class="check-box"
                        type="checkbox"
                        name="permissions"
                        value={key}
                        checked={chosen().has(key)}
                        onChange={(e) => toggle(key, e.currentTarget.checked)}
                      />
                      <code>{key}</code>
                    </label>
                  )}
                </For>
              </div>
            </details>
          );
        }}
      </For>
      <Show when={props.error}>
        <span id="role-permissions-error" class="field-error">
          {props.error}
        </span>
      </Show>
    </fieldset>
  );
}

/** Create a custom role, or edit one (its name stays). */
export function RoleDialog(props: {
  ref: (el: HTMLDialogElement) => void;
  /** A fresh object per opening, so the form starts from the role's values (or empty) every time. */
  session: { role: Role | undefined };
  groups: PermissionGroups;
  onSaved: () => void;
}) {
  const submit = async (form: HTMLFormElement) => {
    const data = new FormData(form);
    const description = String(data.get("description") ?? "").trim();
    const permissions = data.getAll("permissions").map(String);
    const mfaRequired = data.get("mfaRequired") === "on";
    const editing = props.session.role;
    if (editing) {
      await send(
        endpoint[":name"].$patch({ param: { name: editing.name }, json: { description, permissions, mfaRequired } }),
      );
    } else {
      const name = String(data.get("name") ?? "").trim();
      await send(endpoint.$post({ json: { name, description, permissions, mfaRequired } }));
    }
    props.onSaved();
  };

  return (
    <DialogForm
      id="role-dialog"
      ref={props.ref}
      wide
      title={
        props.session.role
          ? t("admin.roleDialog.edit", { name: props.session.role.name })
          : t("admin.roleDialog.create")
      }
      submitLabel={props.session.role ? t("admin.roleDialog.save") : t("admin.roleDialog.submitCreate")}
      submit={submit}
    >
      {(errors) => (
        <Show when={props.session} keyed>
          {({ role }) => (
            <>
              <Show when={!role}>
                <Field
                  id="role-name"
                  label={t("admin.roleDialog.name")}
                  hint={t("admin.roleDialog.nameHint")}
                  error={errors.field("name")}
                >
                  {(aria) => (
                    <input
                      {...aria}
                      name="name"
                      required
                      pattern="[a-z][a-z0-9_]{1,49}"
                      maxLength={50}
                      autocomplete="off"
                    />
                  )}
                </Field>
              </Show>
              <Field
                id="role-description"
                label={t("admin.roleDialog.description")}
                error={errors.field("description")}
              >
                {(aria) => <input {...aria} name="description" maxLength={500} value={role?.description ?? ""} />}
              </Field>
              <label class="check" for="role-mfa">
                <input
                  id="role-mfa"
                  class="check-box"
                  type="checkbox"
                  name="mfaRequired"
                  checked={role?.mfaRequired ?? false}
                />
                <span>
                  {t("admin.roleDialog.mfa")}
                  <span class="sub">{t("admin.roleDialog.mfaHint")}</span>
                </span>
              </label>
              <PermissionPicker
                groups={props.groups}
                selected={new Set(role?.permissions ?? [])}
                error={errors.field("permissions")}
              />
            </>
          )}
        </Show>
      )}
    </DialogForm>
  );
}
