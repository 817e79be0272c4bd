import { v7 } from "uuid";

/** Time-ordered UUIDv7: the only way a primary key is minted. */
export function createId(): string {
  return v7();
}
