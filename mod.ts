/**
 * dispel4ts: stream-based scientific workflows, written once in TypeScript and run unchanged on
 * one core or many. A re-creation of dispel4py on Deno and Effect.
 *
 * As a command: `deno run -A mod.ts run WF.ts [options]` runs the workflow a module exports;
 * `deno run -A mod.ts dot WF.ts` draws it.
 *
 * Every process that runs PEs imports the workflow module and so this one: it loads the DSL and
 * the in-process run, and the command line and the parallel targets only once they are used.
 *
 * @example Count words, grouped by word
 * ```ts
 * import * as W from "./mod.ts";
 * const lines = W.pe(W.producer("lines", function* (_i: number) { yield "to be or not to be"; }));
 * const words = W.pe(W.fn(function* split(line: string) { for (const w of line.split(" ")) yield [w, 1] as [string, number]; }));
 * const count = W.pe(
 *   W.iterative({
 *     name: "count",
 *     state: () => new Map<string, number>(),
 *     process: ([w, n]: [string, number], ctx) => { ctx.state.set(w, (ctx.state.get(w) ?? 0) + n); },
 *     flush: (ctx) => { for (const e of ctx.state) ctx.write("output", e); },
 *   }).pipe(W.groupBy("input", 0)),
 * );
 * const wf = W.workflow("wc", [W.connect(lines.out.output, words.in.input), W.connect(words.out.output, count.in.input)]);
 * (await W.collect(wf)).map((r) => r.data); // => [["to", 2], ["be", 2], ["or", 1], ["not", 1]]
 * ```
 *
 * @module
 */
import type * as Cli from "./cli/main.ts";
import type * as Targets from "./targets/mod.ts";
import type { Target } from "./runtime/target.ts";
import { simple } from "./targets/simple/mod.ts";

export {
  allToOne,
  chain,
  compile,
  composite,
  connect,
  consumer,
  draft,
  fn,
  generic,
  groupBy,
  instances,
  isWorkflow,
  iterative,
  merge,
  oneToAll,
  pe,
  port,
  producer,
  provide,
  shuffle,
  stream,
  tee,
  workflow,
} from "./dsl/mod.ts";
export type {
  AnyNode,
  AnyPe,
  AtomicBody,
  CompositeBody,
  CompositeSpec,
  Connection,
  ConsumerSpec,
  Context,
  GenericSpec,
  InPort,
  Input,
  InputGrouping,
  IterativeSpec,
  KeySpec,
  OutPort,
  OutputOf,
  Part,
  Pe,
  PeNode,
  Ports,
  PortsOf,
  PortSpec,
  ProducerSpec,
  Returned,
  StreamTransform,
  Workflow,
  WorkflowOptions,
} from "./dsl/mod.ts";
export { collect, type Result, type RunOptions } from "./api/run.ts";
export type { WorkersOptions } from "./targets/workers/mod.ts";
export type { Target } from "./runtime/target.ts";
export { BadInput, CodeNotFound, PeFailure } from "./runtime/errors.ts";
export { parseResultLine, readResults } from "./runtime/json_lines.ts";
export { fromJson, InvalidGraph, toJson } from "./ir/mod.ts";
export type { Graph } from "./ir/mod.ts";
export { simple };

const cli = () => import("./cli/main.ts");
const allTargets = () => import("./targets/mod.ts");

/**
 * The entry point of a workflow module: runs the workflow with `Deno.args` (or `argv`, for a
 * module that reads options of its own first), then exits the process with the run's exit code.
 * It returns at once, so that the module can finish evaluating;
 * the run starts once the module's exports can be read, and is refused, with exit code 2, unless
 * they include the workflow (a parallel target loads PEs through them). The command line loads
 * here, not with this module, which every worker imports.
 *
 * @example The last lines of a workflow module
 * ```ts ignore
 * import * as W from "./mod.ts";
 * export const workflow = W.workflow("mine", []);
 * if (import.meta.main) await W.main(import.meta, workflow);
 * ```
 */
export const main: typeof Cli.main = (meta, wf, argv) => {
  // Not awaited: the module calling main waits for it, and `cli.main` waits for that module.
  cli().then((c) => c.main(meta, wf, argv));
  return Promise.resolve();
};

/**
 * Runs a workflow as the command line asks and resolves to the exit code; prints failures to
 * stderr. `namespace`, when given, is the module's own exports, which must include the workflow.
 *
 * @example Print the help
 * ```ts
 * import * as W from "./mod.ts";
 * await W.runCli(["--help"], "memory:empty", W.workflow("empty", [])); // => 0
 * ```
 */
export const runCli: typeof Cli.runCli = (argv, module, wf, namespace) =>
  cli().then((c) => c.runCli(argv, module, wf, namespace));

/** A target whose code loads on its first run (its `plan` is only on the loaded target). */
const lazyTarget = (name: string, load: () => Promise<Target>): Target => {
  let loading: Promise<Target> | undefined;
  return { name, run: (request) => (loading ??= load()).then((target) => target.run(request)) };
};

/**
 * A `workers` target with options, e.g. `{ maxWorkers: 2 }` (default: one worker per core).
 *
 * @example At most two workers
 * ```ts
 * import * as W from "./mod.ts";
 * const target = W.makeWorkers({ maxWorkers: 2 });
 * target.name; // => "workers"
 * ```
 */
export const makeWorkers: typeof Targets.makeWorkers = (options) =>
  lazyTarget("workers", () => allTargets().then((t) => t.makeWorkers(options)));

const workers = lazyTarget("workers", () => allTargets().then((t) => t.workers));

/**
 * Every target this build can run, by the name `--target` takes (`multi` is the original's name
 * for `workers`). The parallel ones load their code on their first run.
 *
 * @example
 * ```ts
 * import * as W from "./mod.ts";
 * Object.keys(W.targets); // => ["simple", "workers", "multi", "mpi", "spark", "storm"]
 * ```
 */
export const targets: typeof Targets.targets = {
  simple,
  workers,
  multi: workers,
  mpi: lazyTarget("mpi", () => allTargets().then((t) => t.mpi)),
  spark: lazyTarget("spark", () => allTargets().then((t) => t.spark)),
  storm: lazyTarget("storm", () => allTargets().then((t) => t.storm)),
};

if (import.meta.main) {
  // No top-level await here: the workflow module that `run` imports imports this module in turn,
  // and would wait forever for a module still evaluating.
  import("./cli/command.ts").then(({ command }) => command(Deno.args)).then((code) => Deno.exit(code));
}
