import * as Auth from "@dotmac/core/auth";
import { createTransaction, useTransaction } from "@dotmac/core/platform/db";
import { AppError } from "@dotmac/core/platform/errors";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase, type TestDatabase } from "../support/db";

// A schema cannot know what the database holds: a reference to a missing row or a value another row
// holds is the caller's error, named by field, on every driver (issue 9's fuzz found it as a 500).

let t: TestDatabase;
beforeAll(async () => {
  t = await setupTestDatabase();
});
afterAll(() => t.close());

const MISSING = "0190b7a4-0000-7000-8000-00000000dead";

describe("constraint refusals", () => {
  it("a reference to a row that does not exist is a validation error naming the field", async () => {
    const refused = Auth.createUser({ email: "ref@example.com", displayName: "Ref", organizationId: MISSING });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({
      code: "validation",
      details: [{ path: "organizationId", message: "refers to a record that does not exist" }],
    });
  });

  it("a value another row holds is a conflict naming the field, outside a transaction too", async () => {
    const user = await Auth.createUser({ email: "taken@example.com", displayName: "Taken" });
    const insert = () =>
      useTransaction((tx) =>
        tx.execute(
          sql`insert into user_account (id, portal, email, display_name) values (${MISSING}, 'staff', ${user.email}, 'Again')`,
        ),
      );
    await expect(insert()).rejects.toMatchObject({ code: "conflict", details: [{ path: "portal, email" }] });
    await expect(createTransaction(insert)).rejects.toMatchObject({ code: "conflict" });
  });

  it("anything else stays what it was: a data exception is no caller's error by itself", async () => {
    const overflow = useTransaction((tx) => tx.execute(sql`select '+275760-09-13'::timestamptz`));
    await expect(overflow).rejects.not.toBeInstanceOf(AppError);
  });
});
