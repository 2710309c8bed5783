/**
 * `deno run -A mod.ts run WF.ts [options]`: run a module that only exports a workflow.
 *
 * @module
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isWorkflow, type Workflow } from "../dsl/workflow.ts";
import { BadInput } from "../runtime/errors.ts";
import { parseRunArgs, RUN_HELP } from "./args.ts";
import { runParsed } from "./main.ts";
import { report } from "./report.ts";

/**
 * Imports a workflow module and picks its workflow: the export named by `attr`, or the only one.
 *
 * @example
 * ```ts
 * import { loadWorkflowModule } from "./run_module.ts";
 * const { workflow } = await loadWorkflowModule("examples/word_count.ts");
 * workflow.name; // => "word_count"
 * ```
 */
export const loadWorkflowModule = async (
  path: string,
  attr?: string,
): Promise<{ url: string; workflow: Workflow }> => {
  const url = /^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:\\/i.test(path)
    ? path
    : pathToFileURL(resolve(path)).href;
  let ns: Record<string, unknown>;
  try {
    ns = await import(url);
  } catch (e) {
    const why = (e as Error).message.split("\n")[0];
    throw new BadInput({ reason: `Cannot load workflow module "${path}": ${why}` });
  }
  if (attr !== undefined) {
    if (!isWorkflow(ns[attr])) {
      throw new BadInput({ reason: `Module "${path}" has no exported workflow "${attr}"` });
    }
    return { url, workflow: ns[attr] };
  }
  const found = Object.entries(ns).filter(([, v]) => isWorkflow(v));
  if (found.length === 0) throw new BadInput({ reason: `Module "${path}" exports no workflow` });
  if (found.length > 1) {
    throw new BadInput({
      reason: `Module "${path}" exports several workflows (${
        found.map(([k]) => k).join(", ")
      }): choose one with -a NAME`,
    });
  }
  return { url, workflow: found[0][1] as Workflow };
};

/** Runs `run WF.ts [options]` and returns the exit code. */
export const runModule = async (argv: ReadonlyArray<string>): Promise<number> => {
  try {
    const args = parseRunArgs(argv, 1);
    const path = args.positionals[0];
    if (path === undefined) {
      if (args.help) {
        console.log(RUN_HELP);
        return 0;
      }
      throw new BadInput({ reason: "Missing workflow module: deno run -A mod.ts run WF.ts [options]" });
    }
    const { url, workflow } = await loadWorkflowModule(path, args.attr);
    return await runParsed(args, url, workflow);
  } catch (e) {
    return report(e);
  }
};
