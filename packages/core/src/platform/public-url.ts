import { useConfig } from "./config";

/**
 * The origin browsers use (PUBLIC_URL, else the local runtime's address): links in mail and signed
 * local blob URLs. Its own module, so a bundle that only builds links loads no blob adapter.
 */
export function publicUrl(): string {
  const config = useConfig();
  return config.PUBLIC_URL ?? `http://localhost:${config.PORT}`;
}
