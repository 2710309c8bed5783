/**
 * The program every rank runs when the `mpi` target starts the job itself
 * (`deno run -A mod.ts mpi-rank`, under `mpirun`). Rank 0 reads the run from stdin (one frame:
 * the graph as IR JSON, the root inputs and options), coordinates it, and writes results,
 * progress and the outcome to stdout as frames in the wire codec; `mpirun` forwards rank 0's
 * stdin and the ranks' stdout, also from other hosts. The other ranks host what rank 0 tells
 * them. Logs and PE console output go to stderr.
 *
 * @module
 */
import { fromJson } from "../../ir/json.ts";
import type { RunSummary } from "../../runtime/executor.ts";
import { encodeError, type ErrorData } from "../../runtime/failure_codec.ts";
import type { Processed } from "../../runtime/host_protocol.ts";
import type { RootFeed } from "../../runtime/inputs.ts";
import type { HostReport } from "../../runtime/monitor.ts";
import { writeFrame } from "../../runtime/stdio_host.ts";
import { decode, readFrames } from "../../runtime/wire.ts";
import { openMpi } from "./ffi.ts";
import { coordinateRanks, hostRank } from "./ranks.ts";

/** The run, as the launcher sends it to rank 0. */
export interface RankRun {
  readonly graph: string;
  readonly feeds: ReadonlyArray<readonly [string, RootFeed]>;
  readonly processes?: number;
  readonly stallTimeout?: number;
  /** Whether the run is monitored: the hosts' reports are relayed. */
  readonly monitor?: boolean;
}

/** What rank 0 tells the launcher: results as flat `[node, port, data]` triples, progress, the outcome. */
export type RankReport =
  | { readonly t: "results"; readonly items: Array<unknown> }
  | { readonly t: "progress"; readonly processed: Processed }
  | { readonly t: "monitor"; readonly report: HostReport }
  | { readonly t: "done"; readonly summary: RunSummary }
  | { readonly t: "failed"; readonly error: ErrorData };

const report = (m: RankReport) => writeFrame(m);

/** Results per frame, and the longest a result waits for its frame, in milliseconds. */
const RESULTS_PER_FRAME = 4096;
const RESULTS_DELAY = 50;

const readRun = async (): Promise<RankRun> => {
  for await (const bytes of readFrames(Deno.stdin.readable)) return decode(bytes) as RankRun;
  throw new Error("rank 0 got no run on stdin: start it through the mpi target");
};

const coordinate = async (mpi: ReturnType<typeof openMpi>): Promise<number> => {
  const run = await readRun();
  const graph = fromJson(run.graph);
  const index = new Map(graph.nodes.map((n, i) => [n.id as string, i]));
  let items: Array<unknown> = [];
  const flush = () => {
    if (items.length === 0) return;
    report({ t: "results", items });
    items = [];
  };
  const timer = setInterval(flush, RESULTS_DELAY);
  let progress: (() => Processed) | undefined;
  const ticker = setInterval(() => progress && report({ t: "progress", processed: progress() }), 250);
  try {
    const summary = await coordinateRanks(mpi, {
      graph,
      inputs: new Map(run.feeds),
      processes: run.processes,
      stallTimeout: run.stallTimeout,
      onResult: (pe, port, data) => {
        const n = index.get(pe)!;
        items.push(n, graph.nodes[n].outputs.indexOf(port), data);
        if (items.length >= 3 * RESULTS_PER_FRAME) flush();
      },
      onProgress: (read) => (progress = read),
      onMonitor: run.monitor ? (r) => report({ t: "monitor", report: r }) : undefined,
    });
    flush();
    report({ t: "done", summary });
    mpi.finalize();
    return 0;
  } catch (e) {
    flush();
    report({ t: "failed", error: encodeError(e) });
    // Ends every rank, wherever it is stuck; mpirun's account of it is for the launcher only.
    mpi.abort(1);
    return 1;
  } finally {
    clearInterval(timer);
    clearInterval(ticker);
  }
};

/** Runs this rank's part of a job started by the `mpi` target; resolves to the exit code. */
export const serveMpiRank = async (): Promise<number> => {
  const mpi = openMpi();
  if (mpi.rank === 0) return await coordinate(mpi);
  await hostRank(mpi);
  mpi.finalize();
  return 0;
};
