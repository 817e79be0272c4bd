import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { apiGatewayLiveGateway } from "@dotmac/core/platform/live/apigateway";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REGION, stubAwsCredentials } from "../support/aws/emulators";

/**
 * A stand-in for API Gateway's management API (no emulator exists): records `POST /@connections/{id}`
 * and `DELETE /@connections/{id}` as the SDK sends them to the stage URL, and answers 410 Gone for a
 * connection it does not hold, as API Gateway does.
 */
describe("the API Gateway live gateway", () => {
  const open = new Set(["conn-a=", "conn-b="]);
  const calls: { method: string; path: string; body: string; signed: boolean }[] = [];
  let server: Server;
  let endpoint = "";

  beforeAll(async () => {
    stubAwsCredentials();
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        const path = decodeURIComponent(req.url ?? "");
        calls.push({
          method: req.method ?? "",
          path,
          body,
          signed: /^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? ""),
        });
        const id = path.replace(/^\/prod\/@connections\//, "");
        if (!open.has(id)) {
          return void res
            .writeHead(410, { "content-type": "application/json", "x-amzn-errortype": "GoneException" })
            .end("{}");
        }
        if (req.method === "DELETE") open.delete(id);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  it("posts a frame to the connection on the stage URL, signed, with the frame as the body", async () => {
    const gateway = apiGatewayLiveGateway({ endpoint, region: REGION });
    const frame = JSON.stringify({ event: "message_new", topic: "conversation:x", data: { id: "m1" } });
    expect(await gateway.post("conn-a=", frame)).toBe("sent");
    expect(calls.at(-1)).toEqual({ method: "POST", path: "/prod/@connections/conn-a=", body: frame, signed: true });
  });

  it("a connection API Gateway no longer holds is 'gone' (its rows are dropped), not an error", async () => {
    const gateway = apiGatewayLiveGateway({ endpoint, region: REGION });
    expect(await gateway.post("conn-zzz=", "{}")).toBe("gone");
  });

  it("closes a connection; closing one already gone is quiet", async () => {
    const gateway = apiGatewayLiveGateway({ endpoint, region: REGION });
    await gateway.close("conn-b=");
    expect(calls.at(-1)).toMatchObject({ method: "DELETE", path: "/prod/@connections/conn-b=" });
    await expect(gateway.close("conn-b=")).resolves.toBeUndefined();
    expect(await gateway.post("conn-b=", "{}")).toBe("gone");
  });
});
