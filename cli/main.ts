/**
 * The command line of a workflow module: `deno run -A WF.ts [options]`.
 *
 * @module
 */
import { prepare, runGraph } from "../api/run.ts";
import type { Workflow } from "../dsl/workflow.ts";
import { toJson } from "../ir/json.ts";
import { instanceCounts } from "../runtime/assign.ts";
import { BadInput, CodeNotFound } from "../runtime/errors.ts";
import type { RunSummary } from "../runtime/executor.ts";
import type { Target } from "../runtime/target.ts";
import { simple } from "../targets/simple/mod.ts";
import { parseRunArgs, readInputs, RUN_HELP, type RunArgs } from "./args.ts";
import { openResults } from "./output.ts";
import { startProgress } from "./progress.ts";
import { report } from "./report.ts";
import { Interrupted, onInterrupt } from "./signals.ts";

/**
 * The target a run names. Only `simple` is loaded with the command line: the parallel targets
 * (the mpi binding among them) load when named, so that a run on `simple` does not pay for them.
 */
const findTarget = async (
  name: string,
  args: Pick<RunArgs, "hostfile" | "mpirunArgs" | "master" | "nimbus">,
): Promise<Target> => {
  const mpiOptions = args.hostfile !== undefined || args.mpirunArgs !== undefined;
  if (mpiOptions && name !== "mpi") {
    throw new BadInput({ reason: `--hostfile and --mpirun-args apply to --target mpi, not "${name}"` });
  }
  if (args.master !== undefined && name !== "spark") {
    throw new BadInput({ reason: `--master applies to --target spark, not "${name}"` });
  }
  if (args.nimbus !== undefined && name !== "storm") {
    throw new BadInput({ reason: `--nimbus applies to --target storm, not "${name}"` });
  }
  if (name === "simple") return simple;
  const { makeMpi, makeSpark, makeStorm, plannedTargets, targets } = await import("../targets/mod.ts");
  if (mpiOptions) return makeMpi({ hostfile: args.hostfile, mpirunArgs: args.mpirunArgs });
  if (args.master !== undefined) return makeSpark({ master: args.master });
  if (args.nimbus !== undefined) return makeStorm({ nimbus: args.nimbus });
  const target = targets[name];
  if (target !== undefined) return target;
  const available = Object.keys(targets).join(", ");
  if (name in plannedTargets) {
    throw new BadInput({
      reason: `Target "${name}" (${plannedTargets[name]}) is not built yet: available: ${available}`,
    });
  }
  throw new BadInput({ reason: `Unknown target "${name}": available: ${available}` });
};

/**
 * Runs a workflow as the command line asks and returns the exit code; prints failures to stderr.
 * `namespace`, when given, is the module's own exports: the run is refused, as a parallel target
 * would refuse it, unless they include the workflow.
 *
 * @example Print the help
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { runCli } from "./main.ts";
 * const wf = W.workflow("empty", []);
 * await runCli(["--help"], "memory:empty", wf); // => 0
 * ```
 */
export const runCli = async (
  argv: ReadonlyArray<string>,
  module: string,
  wf: Workflow,
  namespace?: Record<string, unknown>,
): Promise<number> => {
  try {
    return await runParsed(parseRunArgs(argv), module, wf, namespace);
  } catch (e) {
    return report(e);
  }
};

/** How long an aborted run may take to release its resources (setup scopes, services) before the exit. */
const WIND_DOWN_MS = 2000;

/**
 * Settles as `run` does, or, once the signal is aborted, rejects with its reason as soon as the
 * run has wound down or {@link WIND_DOWN_MS} have passed: a PE call that never settles must not
 * hold the process after Ctrl-C, but resources are released when they can be.
 */
const untilAborted = <A>(run: Promise<A>, signal: AbortSignal): Promise<A> =>
  new Promise<A>((resolve, reject) => {
    const abort = () => {
      const timer = setTimeout(() => reject(signal.reason), WIND_DOWN_MS);
      run.catch(() => {}).finally(() => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    };
    if (signal.aborted) abort();
    signal.addEventListener("abort", abort, { once: true });
    run.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });

/**
 * Runs a workflow with parsed arguments and returns the exit code; throws on bad input, on a
 * failed run, and with `Interrupted` when a signal ended the run.
 *
 * @example Print the IR of an empty workflow
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { parseRunArgs } from "./args.ts";
 * import { runParsed } from "./main.ts";
 * await runParsed(parseRunArgs(["--ir"]), "memory:empty", W.workflow("empty", [])); // => 0
 * ```
 */
export const runParsed = async (
  args: RunArgs,
  module: string,
  wf: Workflow,
  namespace?: Record<string, unknown>,
): Promise<number> => {
  if (args.help) {
    console.log(RUN_HELP);
    return 0;
  }
  const target = await findTarget(args.target, args);
  const prepared = prepare(wf, module);
  const { graph } = prepared;
  if (namespace !== undefined && !Object.values(namespace).includes(wf)) {
    throw new CodeNotFound({ module, reason: `exports no workflow named "${wf.name}"`, missing: "workflow" });
  }
  const loaded = namespace === undefined ? prepared.loaded : new Map([[module, namespace]]);
  if (args.ir) {
    console.log(toJson(graph));
    return 0;
  }
  const inputs = await readInputs(args);
  const monitoring = args.monitor === undefined && args.planFrom === undefined
    ? undefined
    : (await import("./monitoring.ts")).openMonitoring(args, graph, target.name);
  const run = monitoring?.graph ?? graph;
  if (args.verbose) {
    const counts = [...instanceCounts(run, args.processes)].map(([id, n]) => `${id}: ${n}`).join(", ");
    console.error(`${graph.name} on ${target.name}: instances ${counts}`);
    for (const line of target.plan?.(run, args.processes) ?? []) console.error(`  ${line}`);
  }
  const controller = new AbortController();
  let outputError: unknown;
  const writer = openResults(args.out, {
    onError: (e) => {
      outputError = e;
      controller.abort(e);
    },
  });
  const progress = startProgress(args.progress || Deno.stderr.isTerminal());
  const stopListening = onInterrupt((signal) => controller.abort(new Interrupted(signal)));
  // main() does not hold the module's top-level await: without this, a PE call that never settles
  // would let the process end with exit code 0, as if the run were done. The run waits instead (the
  // runtime names the call; --stall-timeout fails it; Ctrl-C ends it).
  const keepAlive = setInterval(() => {}, 1 << 30);
  let summary: RunSummary | undefined;
  let failure: unknown;
  try {
    summary = (await untilAborted(
      runGraph(run, loaded, {
        target,
        processes: args.processes,
        inputs,
        iterations: args.iterations,
        stallTimeout: args.stallTimeout,
        onResult: (r) => writer.write(r.pe, r.port, r.data),
        onProgress: progress.onProgress,
        signal: controller.signal,
        onMonitor: monitoring?.recording?.onMonitor,
      }),
      controller.signal,
    )).summary;
  } catch (e) {
    failure = e;
    if (!controller.signal.aborted) throw e;
  } finally {
    clearInterval(keepAlive);
    stopListening();
    progress.stop();
    // A process that only hosted instances (an MPI rank other than 0) leaves the output to rank 0.
    writer.close(summary !== undefined && !controller.signal.aborted && !summary.hostOnly);
    if (monitoring?.recording) {
      const { endRecording } = await import("./monitoring.ts");
      endRecording(
        monitoring.recording,
        summary !== undefined && outputError === undefined,
        outputError ?? controller.signal.reason ?? failure,
      );
    }
  }
  if (outputError !== undefined) throw outputError;
  const reason = controller.signal.reason;
  if (reason instanceof Interrupted) throw new Interrupted(reason.signal, writer.count);
  if (args.verbose && summary !== undefined && !summary.hostOnly) {
    const counts = Object.entries(summary.processed).map(([id, n]) => `${id} ${n}`).join(", ");
    console.error(
      `done in ${(summary.millis / 1000).toFixed(3)} s: ${writer.count} results; processed ${counts}`,
    );
  }
  return 0;
};

const importable = (url: string) => /^(file|https?|data):/.test(url);

/**
 * The entry point of a workflow module: runs the workflow with `Deno.args` (or `argv`, for a
 * module that reads options of its own first), then exits the process with the run's exit code.
 * It returns at once, so that the module can finish evaluating
 * (the module is called with top-level await): the run starts once the module's exports can be
 * read, and is refused, with exit code 2, unless they include the workflow (a parallel target
 * loads PEs through them).
 *
 * @example The last lines of a workflow module
 * ```ts ignore
 * import * as W from "../mod.ts";
 * export const workflow = W.workflow("mine", []);
 * if (import.meta.main) await W.main(import.meta, workflow);
 * ```
 */
export const main = (
  meta: ImportMeta | string,
  wf: Workflow,
  argv: ReadonlyArray<string> = Deno.args,
): Promise<void> => {
  const url = typeof meta === "string" ? meta : meta.url;
  // Awaited here, importing this module would wait for its own evaluation, which waits for main.
  const exports = importable(url)
    ? import(url) as Promise<Record<string, unknown>>
    : Promise.resolve(undefined);
  exports.then(
    (namespace) => runCli(argv, url, wf, namespace),
    // The module failed after calling main: Deno reports that failure itself.
    () => undefined,
  ).then((code) => {
    if (code !== undefined) Deno.exit(code);
  });
  return Promise.resolve();
};
