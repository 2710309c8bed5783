/**
 * The coordinating side of `--monitor` and `--plan-from`: records a run and its hosts' reports
 * in the store, and reads back the allocation suggested for an earlier run.
 *
 * @module
 */
import type { Graph } from "../ir/graph.ts";
import { BadInput } from "../runtime/errors.ts";
import type { HostReport } from "../runtime/monitor.ts";
import { suggestAllocation } from "./diagnose.ts";
import { profile } from "./profile.ts";
import { type RunStart, type RunStatus, Store } from "./store.ts";

/** A run being recorded. */
export interface Recording {
  readonly id: number;
  /** Stores a host's report (give it to the run as `onMonitor`). */
  readonly onMonitor: (report: HostReport) => void;
  /** Marks the run ended and closes the store. */
  end(status: Exclude<RunStatus, "running">, error?: string): void;
}

/**
 * Starts recording a run in the store at `path`. A store that cannot be written fails here,
 * before the run; one that fails later costs the run its measurements, said once on `warn`.
 *
 * @example
 * ```ts
 * import { startRecording } from "./record.ts";
 * import { Store } from "./store.ts";
 * const path = `${await Deno.makeTempDir()}/m.db`;
 * const rec = startRecording(path, { workflow: "wf", module: "m", target: "simple", counts: {}, graph: "{}" });
 * rec.end("failed", "PE boom failed");
 * Store.open(path, { readOnly: true }).run(rec.id)?.error; // => "PE boom failed"
 * ```
 */
export const startRecording = (
  path: string,
  run: RunStart,
  warn: (line: string) => void = console.error,
): Recording => {
  let store: Store;
  try {
    store = Store.open(path);
  } catch (e) {
    throw new BadInput({ reason: `Cannot open the monitoring store "${path}": ${(e as Error).message}` });
  }
  const id = store.startRun(run);
  let broken = false;
  return {
    id,
    onMonitor: (report) => {
      if (broken) return;
      try {
        store.saveReport(id, report);
      } catch (e) {
        broken = true;
        warn(
          `warning: monitoring store "${path}": ${(e as Error).message}; this run's measurements are lost`,
        );
      }
    },
    end: (status, error) => {
      try {
        store.endRun(id, status, error);
      } catch (e) {
        warn(`warning: monitoring store "${path}": ${(e as Error).message}`);
      }
      store.close();
    },
  };
};

/**
 * The graph with the instance counts suggested for run `id` of the store at `path` (see
 * `suggestAllocation`), for `processes` instances or as many as that run had. Throws `BadInput`
 * naming what is missing: the store, the run, its measurements, or a PE of this workflow.
 */
export const planFrom = (path: string, id: number, graph: Graph, processes?: number): Graph => {
  let store: Store;
  try {
    Deno.statSync(path);
    store = Store.open(path, { readOnly: true });
  } catch (e) {
    throw new BadInput({
      reason: `--plan-from ${id}: cannot read the monitoring store "${path}": ${(e as Error).message}`,
    });
  }
  try {
    const run = store.run(id);
    if (run === undefined) throw new BadInput({ reason: `--plan-from ${id}: no run ${id} in "${path}"` });
    if (run.workflow !== graph.name) {
      throw new BadInput({
        reason: `--plan-from ${id}: run ${id} is of workflow "${run.workflow}", not "${graph.name}"`,
      });
    }
    const reports = store.reports(id);
    if (reports.length === 0) {
      throw new BadInput({ reason: `--plan-from ${id}: run ${id} has no measurements` });
    }
    const prof = profile(reports);
    const { allocation } = suggestAllocation(graph, prof, run.counts, processes ?? run.processes);
    const counts = new Map(allocation.map((a) => [a.pe, a]));
    const unknown = graph.nodes.find((n) => !prof.pes.some((p) => p.pe === n.id));
    if (unknown !== undefined) {
      throw new BadInput({ reason: `--plan-from ${id}: run ${id} measured no PE "${unknown.id}"` });
    }
    return {
      ...graph,
      nodes: graph.nodes.map((n) => {
        const a = counts.get(n.id)!;
        return a.fixed === undefined ? { ...n, instances: a.suggested } : n;
      }),
    };
  } finally {
    store.close();
  }
};
