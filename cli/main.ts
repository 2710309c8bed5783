/**
 * The command line of a workflow module: `deno run -A WF.ts [options]`.
 *
 * @module
 */
import { prepare, runGraph } from "../api/run.ts";
import type { Workflow } from "../dsl/workflow.ts";
import { toJson } from "../ir/json.ts";
import { instanceCounts } from "../runtime/assign.ts";
import { BadInput } from "../runtime/errors.ts";
import type { Target } from "../runtime/target.ts";
import { plannedTargets, targets } from "../targets/mod.ts";
import { parseRunArgs, readInputs, RUN_HELP, type RunArgs } from "./args.ts";
import { openResults } from "./output.ts";
import { startProgress } from "./progress.ts";
import { report } from "./report.ts";

const findTarget = (name: string): Target => {
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
 *
 * @example Print the help
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { runCli } from "./main.ts";
 * const wf = W.workflow("empty", []);
 * await runCli(["--help"], "memory:empty", wf); // => 0
 * ```
 */
export const runCli = async (argv: ReadonlyArray<string>, module: string, wf: Workflow): Promise<number> => {
  try {
    return await runParsed(parseRunArgs(argv), module, wf);
  } catch (e) {
    return report(e);
  }
};

/**
 * Runs a workflow with parsed arguments and returns the exit code; throws on bad input.
 *
 * @example Print the IR of an empty workflow
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { parseRunArgs } from "./args.ts";
 * import { runParsed } from "./main.ts";
 * await runParsed(parseRunArgs(["--ir"]), "memory:empty", W.workflow("empty", [])); // => 0
 * ```
 */
export const runParsed = async (args: RunArgs, module: string, wf: Workflow): Promise<number> => {
  if (args.help) {
    console.log(RUN_HELP);
    return 0;
  }
  const target = findTarget(args.target);
  const { graph, loaded } = prepare(wf, module);
  if (args.ir) {
    console.log(toJson(graph));
    return 0;
  }
  const inputs = await readInputs(args);
  if (args.verbose) {
    const counts = [...instanceCounts(graph, args.processes)].map(([id, n]) => `${id}: ${n}`).join(", ");
    console.error(`${graph.name} on ${target.name}: instances ${counts}`);
    for (const line of target.plan?.(graph, args.processes) ?? []) console.error(`  ${line}`);
  }
  const writer = openResults(args.out);
  const progress = startProgress(args.progress || Deno.stderr.isTerminal());
  try {
    const { summary } = await runGraph(graph, loaded, {
      target,
      processes: args.processes,
      inputs,
      iterations: args.iterations,
      onResult: (r) => writer.write(r.pe, r.port, r.data),
      onProgress: progress.onProgress,
    });
    if (args.verbose) {
      const counts = Object.entries(summary.processed).map(([id, n]) => `${id} ${n}`).join(", ");
      console.error(
        `done in ${(summary.millis / 1000).toFixed(3)} s: ${writer.count} results; processed ${counts}`,
      );
    }
  } finally {
    progress.stop();
    writer.close();
  }
  return 0;
};

/**
 * The entry point of a workflow module: runs the workflow with `Deno.args` and exits.
 *
 * @example The last lines of a workflow module
 * ```ts ignore
 * import * as W from "../mod.ts";
 * export const workflow = W.workflow("mine", []);
 * if (import.meta.main) await W.main(import.meta, workflow);
 * ```
 */
export const main = async (meta: ImportMeta | string, wf: Workflow): Promise<never> =>
  Deno.exit(await runCli(Deno.args, typeof meta === "string" ? meta : meta.url, wf));
