import { createSignal } from "solid-js";
import { t } from "../../i18n";
import { type Customer, type StaffMember, ticketApi } from "./api";

/** Staff names by id, shared by every ticket screen; ids are fetched once, 50 at a time. */
const [known, setKnown] = createSignal<ReadonlyMap<string, StaffMember>>(new Map());
const asked = new Set<string>();

export function rememberStaff(members: StaffMember[]) {
  if (members.length === 0) return;
  const next = new Map(known());
  for (const m of members) next.set(m.id, m);
  setKnown(next);
}

/** Loads the names of ids not seen yet; failures leave them unnamed (shown as "Unknown user"). */
export async function loadStaff(ids: (string | null | undefined)[]): Promise<void> {
  const missing = [...new Set(ids.filter((id): id is string => !!id))].filter(
    (id) => !known().has(id) && !asked.has(id),
  );
  for (const id of missing) asked.add(id);
  for (let i = 0; i < missing.length; i += 50) {
    const chunk = missing.slice(i, i + 50);
    try {
      rememberStaff(await ticketApi.staff({ ids: chunk.join(",") }));
    } catch {
      for (const id of chunk) asked.delete(id);
    }
  }
}

export const staffName = (id: string | null | undefined): string =>
  id ? (known().get(id)?.name ?? t("tickets.unknownUser")) : t("tickets.unassigned");

export const staffMember = (id: string) => known().get(id);

export async function searchStaff(q: string): Promise<StaffMember[]> {
  const items = await ticketApi.staff(q ? { q } : {});
  rememberStaff(items);
  return items;
}

export async function searchCustomers(q: string): Promise<Customer[]> {
  return ticketApi.customers(q ? { q } : {});
}
