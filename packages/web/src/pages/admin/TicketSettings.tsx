export function TicketSettingsPage() {
  return <p>Coming soon</p>;
}
