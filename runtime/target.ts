/**
 * The interface every target implements: run a graph with root inputs, report results.
 *
 * @module
 */
import type { Graph } from "../ir/graph.ts";
import type { ResultSink, RunSummary } from "./executor.ts";
import type { RootInputs } from "./inputs.ts";
import type { LoadedModules } from "./load.ts";
import type { HostReport } from "./monitor.ts";

/** One run of a graph on a target. */
export interface RunRequest {
  readonly graph: Graph;
  readonly inputs: RootInputs;
  /** Processes for parallel targets; on `simple`, the instance counts they would give. */
  readonly processes?: number;
  readonly onResult: ResultSink;
  /** Module namespaces already in memory, used instead of importing them again. */
  readonly loaded?: LoadedModules;
  /** Called now and then during a run with a way to read per-PE processed counts. */
  readonly onProgress?: (processed: () => Readonly<Record<string, number>>) => void;
  /** Where PE log lines go (default: stderr). */
  readonly log?: (line: string) => void;
  /** Aborting it ends the run early; the run then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /**
   * Seconds a run may stay idle while a PE call has not settled before it fails (default: wait,
   * naming the call being waited on).
   */
  readonly stallTimeout?: number;
  /**
   * Monitors the run (`--monitor`): receives what each host measured, now and then during the
   * run and once at its end (see `monitor.ts`). Without it, nothing is measured.
   */
  readonly onMonitor?: (report: HostReport) => void;
}

/**
 * A way to run graphs. Targets are values: pass one to `run`, or name it on the command line.
 *
 * @example A target is a name and a run function
 * ```ts
 * import type { Target } from "./target.ts";
 * const nothing: Target = { name: "nothing", run: () => Promise.resolve({ processed: {}, millis: 0 }) };
 * nothing.name; // => "nothing"
 * ```
 */
export interface Target {
  readonly name: string;
  run(request: RunRequest): Promise<RunSummary>;
  /** Lines describing where instances would run, for `--verbose`. */
  plan?(graph: Graph, processes?: number): Array<string>;
}
