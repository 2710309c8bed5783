/**
 * `deno run -A tools/check_layers.ts`: keeps the layers as they are. `ir/` imports nothing of the
 * project; `dsl/` and `runtime/` import only `ir/`; `targets/` imports only `runtime/` and `ir/`
 * (and its own folder); `monitor/` (the store and dashboard) only `runtime/` and `ir/`. Tests (`*_test.ts`) and doc-comment examples may use anything. Run by
 * `deno task check`; prints one line per violation and exits 1 when there is any.
 *
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";

/** Which top-level folders each layer may import from, besides itself. */
export const ALLOWED: Readonly<Record<string, ReadonlyArray<string>>> = {
  ir: [],
  dsl: ["ir"],
  runtime: ["ir"],
  targets: ["runtime", "ir"],
  monitor: ["runtime", "ir"],
};

/** Project folders and root modules a layer could reach by mistake. */
const LAYERS = new Set([
  "ir",
  "dsl",
  "runtime",
  "targets",
  "monitor",
  "cli",
  "api",
  "bench",
  "tools",
  "tests",
  "examples",
]);

const stripComments = (source: string): string =>
  source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");

const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

/** The relative import specifiers of a module's code (comments left out). */
export const importsOf = (source: string): Array<string> =>
  [...stripComments(source).matchAll(SPECIFIERS)].map((m) => m[1]).filter((s) => s.startsWith("."));

/**
 * The violations of one file, as lines naming the file and what it imports.
 *
 * @example
 * ```ts
 * import { violations } from "./check_layers.ts";
 * violations("/p", "/p/runtime/x.ts", 'import { pe } from "../dsl/mod.ts";');
 * // => ['runtime/x.ts imports dsl/mod.ts: runtime may import only ir']
 * violations("/p", "/p/targets/mpi/x.ts", 'import { Executor } from "../../runtime/executor.ts";'); // => []
 * ```
 */
export const violations = (root: string, file: string, source: string): Array<string> => {
  const rel = relative(root, file);
  const layer = rel.split("/")[0];
  const allowed = ALLOWED[layer];
  if (allowed === undefined || rel.endsWith("_test.ts")) return [];
  // A target's folder is its own; the index of targets/ may import every target.
  const parts = rel.split("/");
  const own = layer === "targets" && parts.length > 2 ? parts.slice(0, 2).join("/") : layer;
  const out: Array<string> = [];
  for (const spec of importsOf(source)) {
    const target = relative(root, resolve(dirname(file), spec.split("?")[0]));
    const top = target.split("/")[0];
    if (target.startsWith(`${own}/`) || allowed.includes(top)) continue;
    if (LAYERS.has(top) || !target.includes("/")) {
      out.push(`${rel} imports ${target}: ${layer} may import only ${allowed.join(", ") || "itself"}`);
    }
  }
  return out;
};

async function* sources(dir: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* sources(path);
    else if (entry.name.endsWith(".ts")) yield path;
  }
}

/** Checks every layer of the project at `root`; resolves to the violations. */
export const checkLayers = async (root: string): Promise<Array<string>> => {
  const out: Array<string> = [];
  for (const layer of Object.keys(ALLOWED)) {
    for await (const file of sources(join(root, layer))) {
      out.push(...violations(root, file, await Deno.readTextFile(file)));
    }
  }
  return out.sort();
};

if (import.meta.main) {
  const found = await checkLayers(resolve(new URL("..", import.meta.url).pathname));
  for (const line of found) console.error(`error: layering: ${line}`);
  if (found.length > 0) Deno.exit(1);
  console.error(`layers: ${Object.keys(ALLOWED).join(", ")} import only what they may`);
}
