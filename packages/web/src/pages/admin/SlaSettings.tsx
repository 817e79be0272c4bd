export function SlaSettingsPage() {
  return <p>Coming soon</p>;
}
