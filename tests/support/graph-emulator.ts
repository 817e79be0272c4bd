import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createGraphEmulator, type GraphEmulatorOptions } from "@dotmac/functions/local/graph-emulator";
import { serve } from "@hono/node-server";

export * from "@dotmac/functions/local/graph-emulator";

/**
 * The Graph emulator on 127.0.0.1 and a free port: set `GRAPH_BASE_URL` to `url` and every Graph
 * client of core talks to it over real HTTP.
 */
export async function startGraphEmulator(options: GraphEmulatorOptions = {}) {
  const emulator = createGraphEmulator(options);
  const server = await new Promise<Server>((ready) => {
    const s = serve({ fetch: emulator.app.fetch, port: 0, hostname: "127.0.0.1" }, () => ready(s as Server));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...emulator,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
