/**
 * Loading PE code named by a graph: import the workflow module, find the workflow by name, and
 * resolve each node's path. The same path serves a worker, an MPI rank or an executor.
 *
 * @module
 */
import { type CodeSource, CodeSourceId, isCodeSource, type PeCode, type Services } from "../ir/code.ts";
import type { Graph } from "../ir/graph.ts";
import { BadInput, CodeNotFound, describeError } from "./errors.ts";

/** Module namespaces already in memory, by module URL: they are used instead of importing. */
export type LoadedModules = ReadonlyMap<string, Record<string, unknown>>;

const findSource = (ns: Record<string, unknown>, name: string): CodeSource | undefined =>
  Object.values(ns).find((v): v is CodeSource => isCodeSource(v) && v.name === name);

/**
 * The code of every node, by node id. Throws {@link CodeNotFound} naming the module and what is missing.
 *
 * @example Load the code of a workflow already in memory
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { loadCode } from "./load.ts";
 * const p = W.pe(W.producer("p", (i: number) => i));
 * const wf = W.workflow("wf", [p]);
 * const code = await loadCode(W.compile(wf, "mem:wf"), new Map([["mem:wf", { wf }]]));
 * [...code.keys()]; // => ["p"]
 * ```
 */
export const loadCode = async (
  graph: Graph,
  loaded: LoadedModules = new Map(),
): Promise<Map<string, PeCode>> => {
  const code = new Map<string, PeCode>();
  for (const node of graph.nodes) {
    const { module, workflow, path } = node.code;
    const source = await sourceOf(module, workflow, loaded);
    const pe = source[CodeSourceId](path);
    if (pe === undefined) {
      throw new CodeNotFound({
        module,
        reason: `workflow "${workflow}" has no PE at "${path.join("/")}"`,
        missing: "pe",
      });
    }
    code.set(node.id, pe);
  }
  return code;
};

/** The code source a module exports under a workflow name (modules are imported once per process). */
const sourceOf = async (module: string, workflow: string, loaded: LoadedModules): Promise<CodeSource> => {
  let ns = loaded.get(module);
  if (ns === undefined) {
    try {
      ns = await import(module) as Record<string, unknown>;
    } catch (e) {
      throw new CodeNotFound({ module, reason: describeError(e).split("\n")[0] });
    }
  }
  const source = findSource(ns, workflow);
  if (source === undefined) {
    throw new CodeNotFound({
      module,
      reason: `exports no workflow named "${workflow}"`,
      missing: "workflow",
    });
  }
  return source;
};

/**
 * Opens the services of a graph's workflow in this process (see `Services` in `ir/code.ts`), or
 * resolves to undefined when it has none.
 *
 * @example A workflow without a Layer has no services
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { openServices } from "./load.ts";
 * const wf = W.workflow("wf", [W.pe(W.producer("p", (i: number) => i))]);
 * await openServices(W.compile(wf, "mem:wf"), new Map([["mem:wf", { wf }]])); // => undefined
 * ```
 */
export const openServices = async (
  graph: Graph,
  loaded: LoadedModules = new Map(),
): Promise<Services | undefined> => {
  const first = graph.nodes[0]?.code;
  if (first === undefined) return undefined;
  return await (await sourceOf(first.module, first.workflow, loaded)).services?.();
};

/**
 * Refuses a graph whose module other processes cannot import: targets whose processes load PE
 * code by the module's URL need a `file:`, `http(s):` or `data:` one.
 *
 * @example
 * ```ts
 * import { requireModuleUrl } from "./load.ts";
 * requireModuleUrl({ module: "file:///wf.ts" } as never, "workers"); // => undefined
 * ```
 */
export const requireModuleUrl = (graph: Graph, target: string): void => {
  if (/^(file|https?|data):/.test(graph.module)) return;
  throw new BadInput({
    reason: `The ${target} target loads PE code by module URL, and "${graph.module}" is not one: ` +
      `pass the module's import.meta.url (W.collect(wf, { module: import.meta.url }))`,
  });
};

const LOADING = Symbol.for("dispel4ts.loadingInWorker");

/**
 * Marks a worker's import of the workflow module, so that a run started by the module's own top
 * level (a `collect` call without an `import.meta.main` guard) is refused instead of starting
 * workers of its own, in every worker, without end.
 *
 * @example
 * ```ts
 * import { insideWorkerLoad, loadingModule } from "./load.ts";
 * await loadingModule(() => Promise.resolve(insideWorkerLoad())); // => true
 * insideWorkerLoad(); // => false
 * ```
 */
export const loadingModule = async <A>(load: () => Promise<A>): Promise<A> => {
  const g = globalThis as Record<symbol, unknown>;
  g[LOADING] = true;
  try {
    return await load();
  } finally {
    g[LOADING] = false;
  }
};

/** Whether a worker is importing the workflow module right now (see {@link loadingModule}). */
export const insideWorkerLoad = (): boolean => (globalThis as Record<symbol, unknown>)[LOADING] === true;
