import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateSync } from "node:zlib";
import { defineConfig, type Plugin, type Rollup } from "vite";
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

/**
 * A square PNG icon drawn in code (no binary in git): the topbar's navy with a sky-blue ring, the
 * mark of the technician app. `maskable` keeps the ring inside the 80 % safe zone.
 */
function iconPng(size: number, maskable: boolean): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const rows: Buffer[] = [];
  const centre = size / 2;
  const outer = size * (maskable ? 0.3 : 0.38);
  const inner = outer * 0.55;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x + 0.5 - centre, y + 0.5 - centre);
      const ring = d <= outer && d >= inner;
      row.set(ring ? [0x7d, 0xd3, 0xfc] : [0x0f, 0x1b, 0x33], 1 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * The technician PWA (src/tech/): its service worker as /tech/sw.js (scope /tech/), its web app
 * manifest and icons. The worker's precache list is the portal's HTML, the entry and everything the
 * /tech chunk loads (statically or lazily), plus the shell's and the tech area's words: what the app
 * needs to open offline, not the whole portal.
 */
function techPwa(): Plugin {
  const emitted = new Map<string, string | Buffer>();
  return {
    name: "dotmac:tech-pwa",
    apply: "build",
    enforce: "post",
    buildStart() {
      this.emitFile({ type: "chunk", id: join(root, "src/tech/sw.ts"), fileName: "tech/sw.js" });
      const icons = [192, 512].map((size) => ({
        src: `/tech/icon-${size}.png`,
        sizes: `${size}x${size}`,
        type: "image/png",
      }));
      for (const size of [192, 512]) emitted.set(`tech/icon-${size}.png`, iconPng(size, false));
      emitted.set("tech/icon-maskable-512.png", iconPng(512, true));
      const manifest = {
        name: "DotMac Field",
        short_name: "Field",
        description: "Today's jobs, offline: field events, notes, photos, signatures, time and materials.",
        id: "/tech/",
        start_url: "/tech/",
        scope: "/tech/",
        display: "standalone",
        orientation: "portrait",
        background_color: "#f4f6f9",
        theme_color: "#0f1b33",
        icons: [
          ...icons,
          { src: "/tech/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        ],
      };
      emitted.set("tech/manifest.webmanifest", JSON.stringify(manifest, null, 2));
      emitted.set("favicon.svg", readFileSync(join(root, "public/favicon.svg")));
      for (const [fileName, source] of emitted) {
        if (fileName.startsWith("tech/")) this.emitFile({ type: "asset", fileName, source });
      }
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((file): file is Rollup.OutputChunk => file.type === "chunk");
      const byModule = (test: (id: string) => boolean) =>
        chunks.filter((c) => c.facadeModuleId && test(c.facadeModuleId));
      const files = new Set<string>();
      const add = (chunk: Rollup.OutputChunk | undefined, lazy: boolean) => {
        if (!chunk || files.has(chunk.fileName)) return;
        files.add(chunk.fileName);
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        for (const name of [...chunk.imports, ...(lazy ? chunk.dynamicImports : [])]) {
          add(bundle[name] as Rollup.OutputChunk | undefined, lazy);
        }
      };
      for (const entry of chunks.filter((c) => c.isEntry && c.facadeModuleId?.endsWith("index.html")))
        add(entry, false);
      for (const app of byModule((id) => id.includes("/src/tech/") && !id.endsWith("/sw.ts"))) add(app, true);
      for (const words of byModule((id) => /\/src\/i18n\/(en|fr)\/(shell|tech)\.ts$/.test(id))) add(words, false);
      const html = bundle["index.html"];
      if (html?.type !== "asset") throw new Error("dotmac:tech-pwa runs after index.html is emitted");
      const revision = (source: string | Uint8Array) => createHash("sha256").update(source).digest("hex").slice(0, 16);
      const precache = [
        { url: "/index.html", revision: revision(html.source) },
        ...[...files].sort().map((file) => ({ url: `/${file}`, revision: null })),
        ...[...emitted].map(([file, source]) => ({ url: `/${file}`, revision: revision(source) })),
      ];
      const worker = bundle["tech/sw.js"];
      if (worker?.type !== "chunk" || !worker.code.includes("self.__WB_MANIFEST")) {
        throw new Error("dotmac:tech-pwa: tech/sw.js has no self.__WB_MANIFEST to fill");
      }
      worker.code = worker.code.replace("self.__WB_MANIFEST", JSON.stringify(precache));
    },
  };
}

export default defineConfig({
  root,
  publicDir: join(root, "public"),
  plugins: [solid(), swaggerUi(), chatWidget(), techPwa()],
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
