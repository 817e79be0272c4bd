export function TicketListPage() {
  return <p>Coming soon</p>;
}
