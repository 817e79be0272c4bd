import { createResource } from "solid-js";
import { type Team, ticketApi } from "./api";

let shared: ReturnType<typeof load> | undefined;
const load = () => createResource(() => ticketApi.teams().catch((): Team[] => []));

/**
 * The managed list of teams (settings › teams), loaded once per page load and shared by the ticket
 * list, detail and forms; a failure leaves it empty rather than breaking the page that asked.
 */
export function useTeams() {
  shared ??= load();
  const [teams, { refetch }] = shared;
  return {
    teams: () => teams() ?? [],
    nameOf: (id: string | null | undefined) => (id ? ((teams() ?? []).find((t) => t.id === id)?.name ?? null) : null),
    refetch,
  };
}
