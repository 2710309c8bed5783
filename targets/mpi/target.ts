/**
 * The `mpi` target: PE instances on the ranks of an Open MPI job.
 *
 * Started from a shell or from code (`--target mpi -n N`), it runs `mpirun -n N` itself on the
 * program `mod.ts mpi-rank`, sends rank 0 the run on stdin, and reads results, progress and the
 * outcome from the job's stdout. Started the original's way, inside a job
 * (`mpirun -n N deno run -A WF.ts --target mpi`), each rank runs its part directly: rank 0
 * coordinates and writes the results, the others only host. Either way the ranks run the shared
 * PE host and coordinator; placement, routing, the group-by hash, batching, credits and
 * end-of-stream counting are the ones every target uses.
 *
 * @module
 */
import type { Graph } from "../../ir/graph.ts";
import { toJson } from "../../ir/json.ts";
import { stderrLine } from "../../runtime/console.ts";
import { BadInput, WorkerFailure } from "../../runtime/errors.ts";
import type { RunSummary } from "../../runtime/executor.ts";
import { decodeError } from "../../runtime/failure_codec.ts";
import { requireModuleUrl } from "../../runtime/load.ts";
import type { Processed } from "../../runtime/host_protocol.ts";
import { describePlacement } from "../../runtime/placement.ts";
import type { RunRequest, Target } from "../../runtime/target.ts";
import { decode, encode, frame, readFrames } from "../../runtime/wire.ts";
import type { RankReport, RankRun } from "./entry.ts";
import { mpiMissing, openMpi } from "./ffi.ts";
import { mpirun, mpirunMissing } from "./launch.ts";
import { coordinateRanks, hostRank, planRanks } from "./ranks.ts";

/** Options of {@link makeMpi}. */
export interface MpiOptions {
  /** An Open MPI hostfile: the hosts to start ranks on (`mpirun --hostfile`). */
  readonly hostfile?: string;
  /** More arguments for `mpirun`, e.g. `["--map-by", "node"]`. */
  readonly mpirunArgs?: ReadonlyArray<string>;
}

/** Whether this process is a rank of an MPI job (Open MPI tells its ranks in the environment). */
export const insideMpiJob = (): boolean => Deno.env.get("OMPI_COMM_WORLD_SIZE") !== undefined;

const ranksOf = (request: Pick<RunRequest, "processes">) =>
  request.processes ?? navigator.hardwareConcurrency;

/** Runs this rank's part of a job started the original's way. */
const runInJob = async (request: RunRequest): Promise<RunSummary> => {
  const mpi = openMpi();
  const started = performance.now();
  if (mpi.rank === 0) {
    let summary: RunSummary;
    try {
      summary = await coordinateRanks(mpi, request);
    } catch (e) {
      // Once the failure is reported and this process ends, MPI_Abort ends every other rank,
      // wherever it is stuck (a plain exit can leave mpirun waiting).
      globalThis.addEventListener("unload", () => mpi.abort(1));
      throw e;
    }
    mpi.finalize();
    return summary;
  }
  await hostRank(mpi, request.log);
  mpi.finalize();
  return { processed: {}, millis: performance.now() - started, hostOnly: true };
};

/**
 * Reads mpirun's stderr line by line. Open MPI's own explanations come as blocks between lines
 * of dashes, or as lines starting "[host:pid]" or "mpirun:": they are kept off the terminal (the
 * run's error line says what happened) and read for the rank that died. Other lines (PE logs,
 * stall notices) pass through. Nothing is kept but the verdict, however long the run talks.
 */
class MpirunStderr {
  private inBlock = false;
  dead: { rank: number; how: string } | undefined = undefined;
  /** The last line of Open MPI's own, for a job that ended without saying more. */
  last = "";

  constructor(private readonly pass: (line: string) => void) {}

  line(line: string): void {
    if (/^-{20,}$/.test(line)) {
      this.inBlock = !this.inBlock;
      return;
    }
    const died = line.match(
      /process rank (\d+) with PID \d+ on node \S+ exited on signal (\d+)(?: \(([^)]+)\))?/,
    );
    if (died) {
      this.dead = {
        rank: Number(died[1]),
        how: `killed by signal ${died[2]}${died[3] ? ` (${died[3]})` : ""}`,
      };
    }
    const code = line.match(/^\s*Process name: \[\[\d+,\d+\],(\d+)\]/);
    if (code && this.dead === undefined) {
      this.dead = { rank: Number(code[1]), how: "exited without finishing its part" };
    }
    if (line.trim() === "") return;
    if (this.inBlock || /^(\[[^\]\s]+:\d+\] |mpirun: )/.test(line)) this.last = line.trim();
    else this.pass(line);
  }
}

const modFile = new URL("../../mod.ts", import.meta.url);

/** Starts the job with `mpirun`, feeds rank 0 the run, and relays what it reports. */
const launch = async (request: RunRequest, options: MpiOptions): Promise<RunSummary> => {
  const missing = mpirunMissing() ?? mpiMissing();
  if (missing !== undefined) {
    throw new BadInput({ reason: `The mpi target needs Open MPI: ${missing}; run: deno task setup mpi` });
  }
  const { graph } = request;
  requireModuleUrl(graph, "mpi");
  const ranks = ranksOf(request);
  const program = modFile.protocol === "file:" ? modFile.pathname : modFile.href;
  const child = mpirun(ranks, program, ["mpi-rank"], { stdin: "piped" }, [
    ...(options.hostfile !== undefined ? ["--hostfile", options.hostfile] : []),
    ...(options.mpirunArgs ?? []),
  ]).spawn();
  const abort = () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
  };
  request.signal?.addEventListener("abort", abort, { once: true });
  const stderr = new MpirunStderr(request.log ?? stderrLine);
  const errors = (async () => {
    let pending = "";
    for await (const text of child.stderr.pipeThrough(new TextDecoderStream())) {
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) stderr.line(line);
    }
    if (pending !== "") stderr.line(pending);
  })();
  const run: RankRun = {
    graph: toJson(graph),
    feeds: [...request.inputs],
    processes: request.processes,
    stallTimeout: request.stallTimeout,
    ...(request.onMonitor === undefined ? {} : { monitor: true }),
  };
  const writer = child.stdin.getWriter();
  await writer.write(frame(encode(run)));
  await writer.close();
  let processed: Processed = {};
  request.onProgress?.(() => processed);
  let outcome: RankReport | undefined;
  try {
    for await (const bytes of readFrames(child.stdout)) {
      const m = decode(bytes) as RankReport;
      if (m.t === "results") {
        const items = m.items;
        for (let i = 0; i < items.length; i += 3) {
          const node = graph.nodes[items[i] as number];
          request.onResult(node.id, node.outputs[items[i + 1] as number], items[i + 2]);
        }
      } else if (m.t === "progress") processed = m.processed;
      else if (m.t === "monitor") request.onMonitor?.(m.report);
      else {
        // The outcome is known: the job need not close its stdout for the run to end.
        outcome = m;
        break;
      }
    }
  } catch (e) {
    abort();
    await child.status;
    throw e;
  } finally {
    request.signal?.removeEventListener("abort", abort);
  }
  await child.stdout.cancel().catch(() => {});
  // The outcome is known; a job that does not wind down in a few seconds is ended (Open MPI 4.1's
  // mpirun can hang after MPI_Abort with every rank gone).
  let kill: ReturnType<typeof setTimeout> | undefined;
  const grace = setTimeout(() => {
    abort();
    kill = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* gone */ }
    }, 3000);
  }, outcome?.t === "failed" ? 1000 : 5000);
  const status = await child.status;
  clearTimeout(grace);
  clearTimeout(kill);
  await errors;
  if (request.signal?.aborted) throw request.signal.reason;
  if (outcome?.t === "done") return outcome.summary;
  if (outcome?.t === "failed") throw decodeError(outcome.error);
  const { dead, last } = stderr;
  const plan = planRanks(request, ranks);
  const hosted = describePlacement(plan.layout, plan.placement, "rank");
  const hosts = (rank: number) => (hosted[rank] ?? `rank ${rank}: nothing`).replace(/^rank \d+: /, "");
  if (dead !== undefined) {
    throw new WorkerFailure({ noun: "rank", worker: dead.rank, hosts: hosts(dead.rank), reason: dead.how });
  }
  throw new WorkerFailure({
    noun: "rank",
    worker: 0,
    hosts: hosts(0),
    reason: `the MPI job ended (mpirun exit code ${status.code}) before the run finished${
      last ? `: ${last}` : ""
    }`,
  });
};

/**
 * An `mpi` target. `-n N` starts N ranks and sets the instance counts (as on every target).
 *
 * @example Square numbers on 2 ranks
 * ```ts ignore
 * import * as W from "../../mod.ts";
 * import { makeMpi } from "./target.ts";
 * const { workflow } = await import("../../examples/graph_testing/pipeline_test.ts");
 * const url = new URL("../../examples/graph_testing/pipeline_test.ts", import.meta.url).href;
 * const results = await W.collect(workflow, { target: makeMpi(), processes: 2, module: url, iterations: 3 });
 * results.map((r) => r.data).sort(); // [1, 2, 3]
 * ```
 */
export const makeMpi = (options: MpiOptions = {}): Target => ({
  name: "mpi",
  plan: (graph: Graph, processes?: number) => {
    const ranks = ranksOf({ processes });
    const plan = planRanks({ graph, processes } as RunRequest, ranks);
    return [`-n ${ranks}: ${ranks} ranks`, ...describePlacement(plan.layout, plan.placement, "rank")];
  },
  run: (request) => (insideMpiJob() ? runInJob(request) : launch(request, options)),
});

/** The `mpi` target with default options. */
export const mpi: Target = makeMpi();
