export function ConfirmResolutionPage() {
  return <p>Coming soon</p>;
}
