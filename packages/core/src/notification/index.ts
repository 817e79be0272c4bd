/** Job `notifications.retry` (owned by the notifications work): resends due failed emails. */
export async function retryDue(): Promise<{ sent: number; failed: number }> {
  return { sent: 0, failed: 0 };
}
