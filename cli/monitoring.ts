/**
 * `--monitor` and `--plan-from` on the command line: loaded only when one of them is given, so
 * that other runs do not load SQLite.
 *
 * @module
 */
import type { Graph } from "../ir/graph.ts";
import { toJson } from "../ir/json.ts";
import { instanceCounts } from "../runtime/assign.ts";
import { planFrom, type Recording, startRecording } from "../monitor/record.ts";
import { DEFAULT_DB } from "../monitor/store.ts";
import type { RunArgs } from "./args.ts";
import { report } from "./report.ts";
import { Interrupted } from "./signals.ts";

/** A run's graph after `--plan-from`, and its recording when `--monitor` is given. */
export interface Monitoring {
  readonly graph: Graph;
  readonly recording?: Recording;
}

/**
 * Applies `--plan-from` and starts recording for `--monitor`. In an MPI job started the
 * original's way, only rank 0 does either: it coordinates, and tells the other ranks the graph.
 */
export const openMonitoring = (
  args: Pick<RunArgs, "monitor" | "planFrom" | "processes">,
  graph: Graph,
  target: string,
): Monitoring => {
  const rank = Deno.env.get("OMPI_COMM_WORLD_RANK");
  if (rank !== undefined && rank !== "0") return { graph };
  const path = args.monitor || DEFAULT_DB;
  const planned = args.planFrom === undefined ? graph : planFrom(path, args.planFrom, graph, args.processes);
  if (args.monitor === undefined) return { graph: planned };
  const counts = Object.fromEntries(instanceCounts(planned, args.processes));
  const recording = startRecording(path, {
    workflow: planned.name,
    module: planned.module,
    target,
    processes: args.processes,
    counts,
    graph: toJson(planned),
    plannedFrom: args.planFrom,
  });
  return { graph: planned, recording };
};

/** Ends a recording with the run's outcome: done, interrupted, or failed with its error line. */
export const endRecording = (recording: Recording | undefined, done: boolean, failure: unknown): void => {
  if (recording === undefined) return;
  if (done) return recording.end("done");
  if (failure instanceof Interrupted) return recording.end("interrupted", failure.message);
  const lines: Array<string> = [];
  report(failure, (line) => lines.push(line));
  recording.end("failed", lines.join("\n") || String(failure));
};
