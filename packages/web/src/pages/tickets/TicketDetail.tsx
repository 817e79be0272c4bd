export function TicketDetailPage() {
  return <p>Coming soon</p>;
}
