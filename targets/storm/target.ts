/**
 * The `storm` target: a workflow as an Apache Storm topology. Root PEs become shell spouts and
 * the other PEs shell bolts, one Storm task per PE instance, each running the shared PE host in
 * `deno run -A mod.ts storm-task` (see `task.ts`). Batches and end-of-stream signals travel as
 * direct emits to the task of the instance they are for, so placement, routing, the group-by
 * hash, batching and end-of-stream counting are the ones every target uses, and flush runs on
 * every instance. Results, progress, log lines and the outcome come to this process over one TCP
 * connection per task; Storm's own failures (a task process that died, hung or never started)
 * come from the Java launcher, which builds the topology and runs it on a LocalCluster (default)
 * or submits it to Nimbus. Once every instance is done, the topology is killed.
 *
 * @module
 */
import type { Graph } from "../../ir/graph.ts";
import { stderrLine } from "../../runtime/console.ts";
import { deliverResults } from "../../runtime/coordinator.ts";
import { planEngine } from "../../runtime/engine_host.ts";
import { BadInput, PeFailure, WorkerFailure } from "../../runtime/errors.ts";
import type { RunSummary } from "../../runtime/executor.ts";
import { decodeError } from "../../runtime/failure_codec.ts";
import type { Processed, Waiting } from "../../runtime/host_protocol.ts";
import { requireModuleUrl } from "../../runtime/load.ts";
import { nodeOf } from "../../runtime/layout.ts";
import { watchStalls } from "../../runtime/stall.ts";
import type { RunRequest, Target } from "../../runtime/target.ts";
import { decode, encode, readFrames } from "../../runtime/wire.ts";
import type { TaskConf, TaskReport } from "./channel.ts";
import { type LauncherEvent, StormLauncher, stormMissing } from "./launcher.ts";
import { isRoot } from "./task.ts";

/** Options of {@link makeStorm}. */
export interface StormOptions {
  /** Submit to the cluster whose Nimbus runs on this host (default: a LocalCluster per run). */
  readonly nimbus?: string;
  /**
   * The launcher to run on, kept between runs (a LocalCluster takes seconds to start): tests and
   * the bench share one. Default: a launcher started for each run and ended with it.
   */
  readonly launcher?: () => Promise<StormLauncher>;
  /**
   * Seconds a task may go without a word to Storm before it counts as hung (Storm's
   * `topology.subprocess.timeout.secs`; default 20). A PE call that blocks its event loop that
   * long fails the run.
   */
  readonly subprocessTimeout?: number;
  /** Seconds Storm may take to start every task of a run (default 120). */
  readonly startTimeout?: number;
}

/** Seconds the tasks of a killed topology may take to end before the run stops waiting for them. */
const TASKS_END = 5;

const modFile = new URL("../../mod.ts", import.meta.url);

const ranksOf = (processes: number | undefined) => processes ?? navigator.hardwareConcurrency;

const componentIds = (graph: Graph): Array<string> =>
  graph.nodes.map((n, i) => `${i}-${n.id.replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, 60));

/** Reads Storm's account of a task failure as a reason a user can act on. */
const reasonOf = (storm: string, timeout: number): string =>
  /heartbeat timeout/.test(storm)
    ? `it did not answer Storm for ${timeout} s: its process hangs, or a PE call blocked it that long`
    : /Pipe to subprocess seems to be broken/.test(storm)
    ? "its process ended before its part of the run was over"
    : /^Shell Process Exception: /.test(storm)
    ? storm.replace(/^Shell Process Exception: /, "")
    : `Storm: ${storm.slice(0, 300)}`;

/** A path as the user may type it: relative to the working directory when under it. */
const shown = (path: string): string =>
  path.startsWith(`${Deno.cwd()}/`) ? path.slice(Deno.cwd().length + 1) : path;

/** A failure that names Storm's log of the run (as the spark target names Spark's). */
const withLog = (e: unknown, log: string): unknown =>
  e instanceof PeFailure
    ? new PeFailure({
      pe: e.pe,
      instance: e.instance,
      phase: e.phase,
      data: e.data,
      cause: e.cause,
      error: e.error,
      process: e.process,
      log,
    })
    : e instanceof WorkerFailure
    ? new WorkerFailure({ ...e, reason: `${e.reason} (log: ${log})` })
    : e;

const run = async (request: RunRequest, options: StormOptions): Promise<RunSummary> => {
  const missing = stormMissing();
  if (missing !== undefined) {
    throw new BadInput({
      reason: `The storm target needs Java and its Storm launcher: ${missing}; run: deno task setup storm`,
    });
  }
  const { graph } = request;
  requireModuleUrl(graph, "storm");
  const started = performance.now();
  const { layout, init } = planEngine(
    graph,
    ranksOf(request.processes),
    request.inputs,
    request.onMonitor !== undefined,
  );
  const names = componentIds(graph);
  const timeout = options.subprocessTimeout ?? 20;
  const log = request.log ?? stderrLine;
  const runName = `dispel4ts-${graph.name.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 40)}-${
    Date.now().toString(36)
  }-${Math.random().toString(36).slice(2, 6)}`;

  const { promise, resolve, reject } = Promise.withResolvers<void>();
  promise.catch(() => {});
  let over = false;
  const end = (error?: unknown) => {
    if (over) return;
    over = true;
    if (error === undefined) resolve();
    else reject(error);
  };
  const failure = (gid: number, task: number | undefined, reason: string) => {
    const n = nodeOf(layout, gid);
    return new WorkerFailure({
      noun: "Storm task",
      worker: task ?? gid,
      hosts: `PE "${graph.nodes[n].id}" instance ${gid - layout.offsets[n]}`,
      reason,
    });
  };

  // The driver's end of the tasks' channel.
  const listener = Deno.listen({ hostname: options.nimbus === undefined ? "127.0.0.1" : "0.0.0.0", port: 0 });
  const address = `${options.nimbus === undefined ? "127.0.0.1" : Deno.hostname()}:${listener.addr.port}`;
  const conns = new Set<Deno.Conn>();
  const said = new Set<number>();
  /** The process of each task that said hello, and has not closed its connection since. */
  const pids = new Map<number, number>();
  const done = new Set<number>();
  let hostPeakRss = 0;
  const progress: Array<Processed> = Array.from({ length: layout.total }, () => ({}));
  const waiting: Array<Waiting | undefined> = Array(layout.total).fill(undefined);
  const processed = () => {
    const sum: Record<string, number> = Object.fromEntries(graph.nodes.map((n) => [n.id, 0]));
    for (const p of progress) for (const id in p) sum[id] += p[id];
    return sum;
  };
  request.onProgress?.(processed);
  const serve = async (conn: Deno.Conn) => {
    let gid = -1;
    let task: number | undefined;
    try {
      for await (const bytes of readFrames(conn.readable)) {
        const m = decode(bytes) as TaskReport;
        if (m.t === "hello") {
          gid = m.gid;
          task = m.task;
          said.add(gid);
          pids.set(gid, m.pid);
        } else if (m.t === "log") log(m.line);
        else if (m.t === "monitor") request.onMonitor?.(m.report);
        else if (m.t === "results") {
          deliverResults(graph, request.onResult, m.items);
        } else if (m.t === "progress") {
          progress[gid] = m.processed;
          waiting[gid] = m.waiting;
        } else if (m.t === "done") {
          progress[gid] = m.processed;
          waiting[gid] = undefined;
          hostPeakRss = Math.max(hostPeakRss, m.peakRss);
          done.add(gid);
          if (done.size === layout.total) {
            end();
          }
        } else if (m.t === "failed") end(decodeError(m.error));
      }
    } catch { /* a reset connection: the task is gone */ }
    pids.delete(gid);
    if (gid >= 0 && !done.has(gid)) {
      end(failure(gid, task, "its process ended before its part of the run was over"));
    }
  };
  const serving: Array<Promise<void>> = [];
  const accepting = (async () => {
    for await (const conn of listener) {
      conns.add(conn);
      serving.push(serve(conn));
    }
  })().catch(() => {});

  const signal = request.signal;
  const abort = () => end(signal!.reason);
  if (signal?.aborted) abort();
  signal?.addEventListener("abort", abort, { once: true });
  const stopWatching = watchStalls({
    read: () => {
      let sum = 0;
      for (const p of progress) for (const id in p) sum += p[id];
      const oldest = waiting.reduce<Waiting | undefined>(
        (a, w) => (w !== undefined && (a === undefined || w.millis > a.millis) ? w : a),
        undefined,
      );
      return { processed: sum, waiting: oldest };
    },
    timeout: request.stallTimeout,
    notice: log,
    fail: end,
  });
  const startLimit = setTimeout(() => {
    const missing = Array.from({ length: layout.total }, (_, g) => g).find((g) => !said.has(g))!;
    end(failure(missing, undefined, `Storm did not start its task within ${options.startTimeout ?? 120} s`));
  }, (options.startTimeout ?? 120) * 1000);

  let launcher: StormLauncher | undefined;
  let submitted = false;
  let failed = false;
  try {
    launcher = options.launcher
      ? await options.launcher()
      : await StormLauncher.start({ nimbus: options.nimbus });
    const conf: TaskConf & Record<string, unknown> = {
      "topology.workers": 1,
      "topology.acker.executors": 0,
      "topology.subprocess.timeout.secs": timeout,
      "dispel4ts.init": encode(init).toBase64(),
      "dispel4ts.driver": address,
      "dispel4ts.components": names,
    };
    const components = graph.nodes.map((node, n) => ({
      id: names[n],
      spout: isRoot(graph, n),
      parallelism: layout.counts[n],
      inputs: [
        ...new Set(
          graph.edges.filter((e) => e.to.node === node.id).map((e) => names[layout.index.get(e.from.node)!]),
        ),
      ],
    }));
    const program = modFile.protocol === "file:" ? modFile.pathname : modFile.href;
    if (!over) {
      await launcher.submit(runName, {
        command: [Deno.execPath(), "run", "-A", program, "storm-task"],
        env: { NO_COLOR: "1" },
        conf,
        components,
      }, {
        failed: (e: Extract<LauncherEvent, { t: "failed" | "error" }>) =>
          end(
            e.t === "failed"
              ? failure(
                layout.offsets[names.indexOf(e.component)] + e.index,
                e.task,
                reasonOf(e.reason, timeout),
              )
              : new WorkerFailure({ noun: "Storm topology", worker: 0, hosts: runName, reason: e.reason }),
          ),
        ended: (reason) =>
          end(new WorkerFailure({ noun: "Storm topology", worker: 0, hosts: runName, reason })),
      });
      submitted = true;
    }
    await promise;
    return { processed: processed(), millis: performance.now() - started, hostPeakRss };
  } catch (e) {
    failed = true;
    const error = e instanceof Error && !(e instanceof WorkerFailure) && !(e instanceof PeFailure) && !over
      ? new WorkerFailure({ noun: "Storm topology", worker: 0, hosts: runName, reason: e.message })
      : e;
    // A launcher of this run's own keeps Storm's log of a failed run: the message says where.
    throw launcher !== undefined && options.launcher === undefined
      ? withLog(error, shown(launcher.log))
      : error;
  } finally {
    over = true;
    clearTimeout(startLimit);
    stopWatching();
    signal?.removeEventListener("abort", abort);
    if (submitted) await launcher?.kill(runName);
    listener.close();
    await accepting;
    // The launcher's folder goes with it, but for Storm's log of a run that failed.
    if (launcher !== undefined && options.launcher === undefined) await launcher.close(failed);
    // Storm ends the tasks of a killed topology (a launcher that ends, all of its tasks): the run
    // is over once their connections close.
    let wait: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(serving), new Promise((r) => (wait = setTimeout(r, TASKS_END * 1000)))]);
    clearTimeout(wait);
    // A task whose process hangs hears neither Storm nor a closed stdin: on this machine, it is
    // ended here.
    if (options.nimbus === undefined) {
      for (const pid of pids.values()) {
        try {
          Deno.kill(pid, "SIGKILL");
        } catch { /* gone */ }
      }
    }
    for (const c of conns) {
      try {
        c.close();
      } catch { /* closed */ }
    }
  }
};

/**
 * A `storm` target. `-n N` sets the instance counts as on every target; each instance is a Storm
 * task with a Deno process of its own.
 *
 * @example Square numbers on a LocalCluster
 * ```ts ignore
 * import * as W from "../../mod.ts";
 * import { makeStorm } from "./target.ts";
 * const url = new URL("../../examples/graph_testing/pipeline_test.ts", import.meta.url).href;
 * const { workflow } = await import(url);
 * const results = await W.collect(workflow, { target: makeStorm(), processes: 2, module: url, iterations: 3 });
 * ```
 */
export const makeStorm = (options: StormOptions = {}): Target => ({
  name: "storm",
  plan: (graph: Graph, processes?: number) => {
    const { layout } = planEngine(graph, ranksOf(processes), new Map());
    return [
      `${layout.total} Storm tasks, one per instance${
        options.nimbus ? `, on Nimbus ${options.nimbus}` : ", on a LocalCluster"
      }`,
      ...graph.nodes.map((n, i) =>
        `${n.id}: ${layout.counts[i]} ${isRoot(graph, i) ? "spout" : "bolt"} tasks`
      ),
    ];
  },
  run: (request) => run(request, options),
});

/** The `storm` target with default options: a LocalCluster per run. */
export const storm: Target = makeStorm();
