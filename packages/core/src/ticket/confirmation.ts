/** Job `tickets.auto_confirm` (owned by the confirmation work): closes tickets whose grace ran out. */
export async function autoConfirm(): Promise<number> {
  return 0;
}
