import { buildLambda } from "../tests/support/bundle-graph";
const g = await buildLambda(process.argv[2] as string);
const inputs = new Set(g.inputsOf(g.staticClosure([g.entryChunk])));
for (const [file, info] of Object.entries(g.metafile.inputs)) {
  if (!inputs.has(file) || !file.startsWith("packages/")) continue;
  const z = info.imports.filter((i) => /node_modules\/zod\//.test(i.path) || i.original === "zod" || i.original === "zod/mini");
  if (z.length) console.log(file, z.map((i) => i.original).join(","));
}
g.cleanup();
