/**
 * Copies `text` to the clipboard. The field showing it is selected first, so when the browser refuses
 * (no permission, not a secure context) Ctrl/⌘+C still copies it. True when the clipboard took it.
 */
export async function copyText(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  field?.select();
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
