import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";

const root = dirname(fileURLToPath(import.meta.url));
const swaggerDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

/**
 * Ships Swagger UI under /docs/ so GET /api/docs works offline and under the strict CSP (no CDN, no
 * inline script). The source-map comment is dropped because the map itself is not shipped.
 */
function swaggerUi(): Plugin {
  const files = ["swagger-ui.css", "swagger-ui-bundle.js"];
  return {
    name: "dotmac:swagger-ui",
    apply: "build",
    generateBundle() {
      for (const name of files) {
        const source = readFileSync(join(swaggerDir, name), "utf8").replace(/\n\/[/*]# sourceMappingURL=.*$/m, "");
        this.emitFile({ type: "asset", fileName: `docs/${name}`, source });
      }
    },
  };
}

/**
 * The embeddable chat widget (src/widget/widget.ts) as `/widget.js`: a fixed name, since ISP sites
 * paste the script tag once; it imports nothing, so the chunk is a self-contained classic script.
 */
function chatWidget(): Plugin {
  return {
    name: "dotmac:chat-widget",
    apply: "build",
    buildStart() {
      this.emitFile({ type: "chunk", id: join(root, "src/widget/widget.ts"), fileName: "widget.js" });
    },
  };
}

export default defineConfig({
  root,
  publicDir: join(root, "public"),
  plugins: [solid(), swaggerUi(), chatWidget()],
  build: {
    outDir: process.env.PORTAL_DIST ?? join(root, "dist"),
    emptyOutDir: true,
    target: "es2022",
    // The polyfill is for browsers we do not support; skipping it keeps the entry smaller.
    modulePreload: { polyfill: false },
    // dist/.vite/manifest.json: the chunk graph tests/e2e/bundle.test.ts holds to its budget.
    manifest: true,
    // Babel (in vite-plugin-solid) is slow on a cold start; the timing warning is noise for a build this small.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  // `vite --config packages/web/vite.config.ts` for UI work against `npm run dev` on :3000.
  server: {
    proxy: {
      "/api": "http://localhost:3000",
      "/webhooks": "http://localhost:3000",
      "/docs": "http://localhost:3000",
    },
  },
});
