export function MailboxPage() {
  return <p>Coming soon</p>;
}
