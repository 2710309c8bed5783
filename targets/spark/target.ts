/**
 * The `spark` target: a workflow as a Spark job, each PE instance a Spark task running the shared
 * PE host (`task.ts`) inside an executor.
 *
 * The launcher lays the run out as every engine target does ({@link planEngine}: instance counts
 * from `-n`, the one group-by hash, end of stream in-band), starts the PySpark driver
 * (`driver.py`) with the project's virtual environment, and sends it the run: the stages in
 * topological order and the init every task's host gets. The driver builds the RDDs; results and
 * the hosts' summaries come back as frames, a failure as the PE's own error. Spark's logs go to a
 * file under `out/spark/`, which a failure names.
 *
 * @module
 */
import type { Graph } from "../../ir/graph.ts";
import { topologicalOrder } from "../../ir/topology.ts";
import { stderrLine } from "../../runtime/console.ts";
import { deliverResults } from "../../runtime/coordinator.ts";
import { planEngine } from "../../runtime/engine_host.ts";
import type { Layout } from "../../runtime/layout.ts";
import { BadInput, PeFailure, WorkerFailure } from "../../runtime/errors.ts";
import type { RunSummary } from "../../runtime/executor.ts";
import { decodeError } from "../../runtime/failure_codec.ts";
import type { FromHost } from "../../runtime/host_protocol.ts";
import { requireModuleUrl } from "../../runtime/load.ts";
import type { RunRequest, Target } from "../../runtime/target.ts";
import { decode, encode, readFrames } from "../../runtime/wire.ts";

/** Options of {@link makeSpark}. */
export interface SparkOptions {
  /** The Spark master: `local[N]` (default: one thread per core) or `spark://HOST:PORT`. */
  readonly master?: string;
}

const here = new URL(".", import.meta.url);
const root = new URL("../../", import.meta.url);
const path = (url: URL) => decodeURIComponent(url.pathname);

/** The virtual environment `deno task setup spark` makes (or DISPEL4TS_SPARK_VENV). */
export const sparkVenv = (): string =>
  Deno.env.get("DISPEL4TS_SPARK_VENV") ?? path(new URL(".venv-spark", root));

const exists = (p: string) => {
  try {
    Deno.statSync(p);
    return true;
  } catch {
    return false;
  }
};

const onPath = (cmd: string) =>
  (Deno.env.get("PATH") ?? "").split(":").some((dir) => dir !== "" && exists(`${dir}/${cmd}`));

/**
 * Why the spark target cannot run here, or undefined when PySpark and Java are installed.
 *
 * @example
 * ```ts
 * import { sparkUnavailable } from "./target.ts";
 * const why = sparkUnavailable();
 * why === undefined || why.length > 0; // => true
 * ```
 */
export const sparkUnavailable = (): string | undefined => {
  const venv = sparkVenv();
  if (!exists(`${venv}/bin/python`)) return `no Python environment with PySpark at ${venv}`;
  let lib: Array<Deno.DirEntry> = [];
  try {
    lib = [...Deno.readDirSync(`${venv}/lib`)];
  } catch { /* checked below */ }
  if (!lib.some((d) => exists(`${venv}/lib/${d.name}/site-packages/pyspark/__init__.py`))) {
    return `PySpark is not installed in ${venv}`;
  }
  const javaHome = Deno.env.get("JAVA_HOME");
  if (!(javaHome !== undefined && exists(`${javaHome}/bin/java`)) && !onPath("java")) {
    return "Java is not installed (no java on PATH, no JAVA_HOME)";
  }
  return undefined;
};

/** Frame kinds from the driver (see driver.py). */
const HOST = 1, FAILURE = 2, STATUS = 3;

type Status =
  | { t: "ready"; version: string }
  | { t: "missing"; reason: string }
  | { t: "end" }
  | { t: "progress"; processed: Record<string, number> }
  | { t: "crash"; pe: string; instance: number; code: number; stderr: string }
  | { t: "error"; reason: string };

/** Lines of the JVM's and Python's that say nothing to a user. */
const NOISE = [
  /^WARNING: Using incubator modules/,
  /^Setting default log level to/,
  /^To adjust logging level use sc\.setLogLevel/,
  /^\s*$/,
];

/** Environment variables a PE host must not inherit from the driver. */
const NOT_FOR_HOSTS =
  /^(RUST_BACKTRACE|PYSPARK_.*|SPARK_.*|PYTHON.*|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|DISPEL4TS_SPARK_LOG)$/;

const modFile = new URL("../../mod.ts", import.meta.url);

/** The environment of the PE hosts: this process's, without what belongs to Spark and Python. */
const hostEnv = (): Record<string, string> =>
  Object.fromEntries(Object.entries(Deno.env.toObject()).filter(([k]) => !NOT_FOR_HOSTS.test(k)));

/**
 * The stages of a run, one per PE in topological order: its instances (global ids `base` to
 * `base + count - 1`) and the stages whose records it reads.
 */
const stagesOf = (graph: Graph, layout: Layout) => {
  const order = topologicalOrder(graph);
  const stageOf = new Map(order.map((n, i) => [n.id as string, i]));
  return order.map((node) => {
    const n = layout.index.get(node.id)!;
    const upstream = new Set(
      graph.edges.filter((e) => e.to.node === node.id).map((e) => stageOf.get(e.from.node)!),
    );
    return { pe: node.id, base: layout.offsets[n], count: layout.counts[n], upstream: [...upstream] };
  });
};

/**
 * A PySpark driver process: one Spark session serving runs one after another. The CLI starts one
 * per run; tests and the bench share one (a session costs several seconds to start).
 */
export class SparkSession {
  private readonly child: Deno.ChildProcess;
  private readonly frames: AsyncIterator<Uint8Array>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private queue: Promise<unknown> = Promise.resolve();
  private log: (line: string) => void = stderrLine;
  private readonly lastLines: Array<string> = [];
  private readonly stderrDone: Promise<void>;
  /** Resolves with Spark's version once the session is up; rejects with why it did not start. */
  readonly ready: Promise<string>;
  /** This session's folder: Spark's log and the runs' inits. */
  readonly dir: string;
  /** Spark's own log. */
  readonly logFile: string;
  /** Its path as messages show it: relative to the working directory. */
  private readonly shownLog: string;
  private runs = 0;

  constructor(readonly master: string) {
    const missing = sparkUnavailable();
    if (missing !== undefined) {
      throw new BadInput({
        reason: `The spark target needs PySpark and Java: ${missing}; run: deno task setup spark`,
      });
    }
    this.dir = `${Deno.cwd()}/out/spark/${new Date().toISOString().replace(/[:.]/g, "-")}-${Deno.pid}`;
    Deno.mkdirSync(this.dir, { recursive: true });
    this.logFile = `${this.dir}/spark.log`;
    this.shownLog = this.logFile.slice(Deno.cwd().length + 1);
    const python = `${sparkVenv()}/bin/python`;
    const env: Record<string, string> = {
      SPARK_CONF_DIR: path(new URL("conf", here)),
      DISPEL4TS_SPARK_LOG: this.logFile,
      PYSPARK_PYTHON: python,
      PYSPARK_DRIVER_PYTHON: python,
      NO_COLOR: "1",
      PYTHONUNBUFFERED: "1",
    };
    if (master.startsWith("local")) env.SPARK_LOCAL_IP = "127.0.0.1";
    this.child = new Deno.Command(python, {
      args: [path(new URL("driver.py", here)), master],
      env,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.writer = this.child.stdin.getWriter();
    this.frames = readFrames(this.child.stdout)[Symbol.asyncIterator]();
    this.stderrDone = this.readStderr();
    this.ready = this.next().then((f) => {
      const s = f === undefined ? undefined : this.status(f);
      if (s?.t === "ready") return s.version;
      throw new BadInput({
        reason: s?.t === "missing"
          ? `Spark did not start: ${s.reason}; run: deno task setup spark (log: ${this.shownLog})`
          : `Spark did not start: ${this.lastLines.at(-1) ?? "its driver ended"} (log: ${this.shownLog})`,
      });
    });
    this.ready.catch(() => {});
  }

  private async readStderr(): Promise<void> {
    let pending = "";
    for await (const text of this.child.stderr.pipeThrough(new TextDecoderStream())) {
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) this.line(line);
    }
    if (pending !== "") this.line(pending);
  }

  private line(line: string): void {
    if (NOISE.some((re) => re.test(line))) return;
    this.lastLines.push(line);
    if (this.lastLines.length > 20) this.lastLines.shift();
    this.log(line);
  }

  private async next(): Promise<Uint8Array | undefined> {
    const r = await this.frames.next();
    return r.done ? undefined : r.value;
  }

  private status(f: Uint8Array): Status | undefined {
    return f[0] === STATUS ? JSON.parse(new TextDecoder().decode(f.subarray(1))) as Status : undefined;
  }

  /** Runs a workflow in this session (after the runs sent before it). */
  run(request: RunRequest): Promise<RunSummary> {
    const r = this.queue.then(() => this.runNow(request));
    this.queue = r.catch(() => {});
    return r;
  }

  private async runNow(request: RunRequest): Promise<RunSummary> {
    await this.ready;
    const start = performance.now();
    const { graph } = request;
    requireModuleUrl(graph, "spark");
    const { layout, init } = planEngine(
      graph,
      request.processes ?? navigator.hardwareConcurrency,
      request.inputs,
      request.onMonitor !== undefined,
    );
    const initFile = `${this.dir}/run-${++this.runs}.init`;
    await Deno.writeFile(initFile, encode(init));
    const program = modFile.protocol === "file:" ? path(modFile) : modFile.href;
    const line = JSON.stringify({
      init: initFile,
      command: [Deno.execPath(), "run", "-A", "--no-lock", program, "spark-task"],
      stall: request.stallTimeout,
      env: { ...hostEnv(), NO_COLOR: "1" },
      stages: stagesOf(graph, layout),
    });
    this.log = request.log ?? stderrLine;
    const processed: Record<string, number> = Object.fromEntries(graph.nodes.map((n) => [n.id, 0]));
    /** What the tasks that have ended processed, as the driver hears it while the job runs. */
    let progress: Readonly<Record<string, number>> = processed;
    let done = 0;
    let hostPeakRss = 0;
    request.onProgress?.(() => progress);
    const abort = () => this.kill();
    request.signal?.addEventListener("abort", abort, { once: true });
    try {
      await this.writer.write(new TextEncoder().encode(line + "\n"));
      for (let f = await this.next(); f !== undefined; f = await this.next()) {
        if (f[0] === HOST) {
          const m = decode(f.subarray(1)) as FromHost;
          if (m.t === "results") {
            deliverResults(graph, request.onResult, m.items);
          } else if (m.t === "monitor") request.onMonitor?.(m.report);
          else if (m.t === "done") {
            for (const [id, k] of Object.entries(m.processed)) processed[id] += k;
            hostPeakRss = Math.max(hostPeakRss, m.peakRss);
            done++;
          }
        } else if (f[0] === FAILURE) {
          const m = decode(f.subarray(1)) as Extract<FromHost, { t: "failed" }>;
          throw this.named(decodeError(m.error));
        } else {
          const s = this.status(f)!;
          if (s.t === "progress") progress = { ...processed, ...s.processed };
          if (s.t === "end") {
            if (done !== layout.total) {
              throw new WorkerFailure({
                noun: "Spark job",
                worker: 0,
                hosts: `${layout.total} instances`,
                reason: `only ${done} of ${layout.total} tasks reported their end (log: ${this.shownLog})`,
              });
            }
            progress = processed;
            return { processed, millis: performance.now() - start, hostPeakRss };
          }
          if (s.t === "crash") {
            const said = s.stderr.trim().split("\n").filter((l) => l.trim() !== "").at(-1);
            throw new WorkerFailure({
              noun: "Spark task",
              worker: layout.offsets[layout.index.get(s.pe)!] + s.instance,
              hosts: `${s.pe}[${s.instance}]`,
              reason: `its PE host ${
                s.code < 0 ? `was killed by signal ${-s.code}` : `exited with code ${s.code}`
              }${said ? `: ${said}` : ""} (log: ${this.shownLog})`,
            });
          }
          if (s.t === "error") {
            throw new WorkerFailure({
              noun: "Spark job",
              worker: 0,
              hosts: `${layout.total} instances`,
              reason: `${s.reason} (log: ${this.shownLog})`,
            });
          }
        }
      }
      if (request.signal?.aborted) throw request.signal.reason;
      const { code } = await this.child.status;
      throw new WorkerFailure({
        noun: "Spark driver",
        worker: 0,
        hosts: `${layout.total} instances`,
        reason: `it ended (exit code ${code}) before the run finished${
          this.lastLines.length > 0 ? `: ${this.lastLines.at(-1)}` : ""
        } (log: ${this.shownLog})`,
      });
    } finally {
      request.signal?.removeEventListener("abort", abort);
      this.log = stderrLine;
    }
  }

  /** A PE's failure, saying where Spark's log is. */
  private named(e: unknown): unknown {
    if (!(e instanceof PeFailure)) return e;
    const { pe, instance, phase, data, cause, error } = e;
    return new PeFailure({ pe, instance, phase, data, cause, error, log: this.shownLog });
  }

  private kill(): void {
    try {
      this.child.kill("SIGTERM");
    } catch { /* gone */ }
  }

  /** Ends the session: Spark stops, and its driver exits. */
  async close(): Promise<void> {
    await this.writer.close().catch(() => {});
    const timer = setTimeout(() => this.kill(), 20_000);
    await this.child.status;
    clearTimeout(timer);
    await this.stderrDone.catch(() => {});
  }
}

/** The default master: one thread per core. */
const defaultMaster = () => `local[${navigator.hardwareConcurrency}]`;

/**
 * A `spark` target. Each run starts a Spark session and stops it after; pass `session` to run in
 * one that stays up.
 *
 * @example Square numbers on local Spark (needs `deno task setup spark`)
 * ```ts ignore
 * import * as W from "../../mod.ts";
 * import { makeSpark } from "./target.ts";
 * const { workflow } = await import("../../examples/graph_testing/pipeline_test.ts");
 * const url = new URL("../../examples/graph_testing/pipeline_test.ts", import.meta.url).href;
 * const results = await W.collect(workflow, { target: makeSpark({ master: "local[2]" }), processes: 2, module: url, iterations: 3 });
 * results.map((r) => r.data).sort(); // [1, 2, 3]
 * ```
 */
export const makeSpark = (options: SparkOptions & { readonly session?: SparkSession } = {}): Target => ({
  name: "spark",
  plan: (graph: Graph, processes?: number) => {
    const { layout } = planEngine(graph, processes ?? navigator.hardwareConcurrency, new Map());
    return [
      `master ${options.session?.master ?? options.master ?? defaultMaster()}: one Spark task per instance`,
      ...graph.nodes.map((n, i) =>
        `${n.id}: ${layout.counts[i]} instance${layout.counts[i] === 1 ? "" : "s"}`
      ),
    ];
  },
  run: async (request) => {
    if (options.session !== undefined) return await options.session.run(request);
    const session = new SparkSession(options.master ?? defaultMaster());
    try {
      return await session.run(request);
    } finally {
      await session.close();
    }
  },
});

/** The `spark` target with default options. */
export const spark: Target = makeSpark();
