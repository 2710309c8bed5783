/**
 * Running a workflow from code: compile, load, run on a target, collect results.
 *
 * @module
 */
import { compile } from "../dsl/compile.ts";
import type { Workflow } from "../dsl/workflow.ts";
import type { Graph } from "../ir/graph.ts";
import type { RunSummary } from "../runtime/executor.ts";
import { BadInput } from "../runtime/errors.ts";
import { rootInputs } from "../runtime/inputs.ts";
import { insideWorkerLoad } from "../runtime/load.ts";
import type { RunRequest, Target } from "../runtime/target.ts";
import { simple } from "../targets/simple/mod.ts";

/** One data unit written to an unconnected output port. */
export interface Result {
  readonly pe: string;
  readonly port: string;
  readonly data: unknown;
}

/** Options of {@link collect}, and of `run` in `effect.ts`. */
export interface RunOptions {
  /** Default: `simple`. */
  readonly target?: Target;
  readonly processes?: number;
  /** Root inputs in the original's format, e.g. `{ read: ["a.txt"] }` or `{ producer: 5 }`. */
  readonly inputs?: unknown;
  /** Iterations for roots the inputs do not name (default 1). */
  readonly iterations?: number;
  /** URL of the module exporting the workflow, so that other processes can load it. */
  readonly module?: string;
  /** Receives each result as it is written; without it, results are collected. */
  readonly onResult?: (result: Result) => void;
  readonly onProgress?: RunRequest["onProgress"];
  readonly log?: (line: string) => void;
  /** Aborting it ends the run early (workers are stopped); the run rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Seconds the run may stay idle while a PE call has not settled before it fails (default: wait,
   * naming the call being waited on).
   */
  readonly stallTimeout?: number;
  /** Monitors the run: receives what each process hosting instances measured (see `monitor/`). */
  readonly onMonitor?: RunRequest["onMonitor"];
}

/** The compiled graph of a workflow and the in-memory module that holds it. */
export const prepare = (
  wf: Workflow,
  module?: string,
): { graph: Graph; loaded: Map<string, Record<string, unknown>> } => {
  const url = module ?? `memory:${wf.name}`;
  return { graph: compile(wf, url), loaded: new Map([[url, { [wf.name]: wf }]]) };
};

/** Runs a compiled graph; the CLI, {@link collect} and the Effect API share it. */
export const runGraph = async (
  graph: Graph,
  loaded: ReadonlyMap<string, Record<string, unknown>>,
  options: RunOptions,
): Promise<{ results: Array<Result>; summary: RunSummary }> => {
  if (insideWorkerLoad()) {
    throw new BadInput({
      reason: `A workflow module started a run while a worker was loading it: ` +
        `guard top-level runs with "if (import.meta.main)"`,
    });
  }
  const results: Array<Result> = [];
  const emit = options.onResult ?? ((r: Result) => results.push(r));
  const summary = await (options.target ?? simple).run({
    graph,
    loaded,
    inputs: rootInputs(graph, options.inputs ?? {}, options.iterations ?? 1),
    processes: options.processes,
    onResult: (pe, port, data) => emit({ pe, port, data }),
    onProgress: options.onProgress,
    log: options.log,
    signal: options.signal,
    stallTimeout: options.stallTimeout,
    onMonitor: options.onMonitor,
  });
  return { results, summary };
};

/**
 * Runs a workflow and resolves to its results (rejects with the typed error).
 *
 * @example
 * ```ts
 * import * as W from "../mod.ts";
 * const p = W.pe(W.producer("p", (i: number) => `item ${i}`));
 * (await W.collect(W.workflow("items", [p]), { iterations: 2 })).map((r) => r.data); // => ["item 0", "item 1"]
 * ```
 */
export const collect = async (wf: Workflow, options: RunOptions = {}): Promise<Array<Result>> => {
  const { graph, loaded } = prepare(wf, options.module);
  return (await runGraph(graph, loaded, options)).results;
};
