import { randomBytes } from "node:crypto";
import { sign, verify } from "@dotmac/core/webhook";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";

const secret = () => `whsec_${randomBytes(24).toString("base64")}`;
const now = 1_790_000_000;
const opts = { toleranceSeconds: 300, nowSeconds: now };

describe("Standard Webhooks signatures", () => {
  it("agrees with the reference library on any body, id and time", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2048 }),
        fc.stringMatching(/^[A-Za-z0-9_]{1,40}$/),
        fc.integer({ min: -300, max: 300 }),
        (body, id, skew) => {
          const key = secret();
          const ts = now + skew;
          const reference = new Webhook(key).sign(id, new Date(ts * 1000), Buffer.from(body).toString("utf8"));
          const ours = sign(key, id, ts, Buffer.from(Buffer.from(body).toString("utf8")));
          expect(ours).toBe(reference);
          const headers = { id, timestamp: String(ts), signature: reference };
          expect(verify(Buffer.from(Buffer.from(body).toString("utf8")), headers, [key], opts)).toMatchObject({
            ok: true,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("any single flipped byte in the body fails verification", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 512 }), fc.nat(), (body, at) => {
        const key = secret();
        const headers = { id: "msg", timestamp: String(now), signature: sign(key, "msg", now, body) };
        const tampered = Uint8Array.from(body);
        const i = at % tampered.length;
        tampered[i] = (tampered[i] ?? 0) ^ 0x01;
        expect(verify(tampered, headers, [key], opts)).toEqual({ ok: false, reason: "bad_signature" });
      }),
    );
  });

  it("accepts any of several signatures and any of several secrets (rotation on both sides)", () => {
    const [a, b, c] = [secret(), secret(), secret()];
    const body = Buffer.from("{}");
    const header = `${sign(a, "m", now, body)} ${sign(b, "m", now, body)}`;
    expect(verify(body, { id: "m", timestamp: String(now), signature: header }, [c, b], opts).ok).toBe(true);
    expect(verify(body, { id: "m", timestamp: String(now), signature: header }, [c], opts).ok).toBe(false);
  });

  it("fails closed on missing parts, odd timestamps and an empty secret list", () => {
    const key = secret();
    const body = Buffer.from("{}");
    const good = { id: "m", timestamp: String(now), signature: sign(key, "m", now, body) };
    expect(verify(body, good, [], opts)).toEqual({ ok: false, reason: "no_secret" });
    for (const bad of [
      { ...good, id: undefined },
      { ...good, signature: undefined },
      { ...good, timestamp: "1e9" },
      { ...good, timestamp: "-5" },
      { ...good, timestamp: "" },
    ]) {
      expect(verify(body, bad, [key], opts)).toEqual({ ok: false, reason: "missing_headers" });
    }
    expect(verify(body, { ...good, timestamp: String(now - 301) }, [key], opts).ok).toBe(false);
  });
});
