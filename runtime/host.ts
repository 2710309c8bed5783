/**
 * The PE host: runs this process's share of a run's PE instances, over any transport.
 *
 * Given an init message (the graph as IR JSON, the root inputs, the instances it hosts, its
 * peers) it loads the PE code by reference, runs its instances in the shared executor, batches
 * what goes to other hosts and to the coordinator through outboxes (credits per link), counts
 * end of stream, and reports results, progress and failures. Web Workers, MPI ranks and stdio
 * subprocesses run this same class; each target only provides a {@link HostTransport}.
 *
 * @module
 */
import { getHeapStatistics } from "node:v8";
import { fromJson } from "../ir/json.ts";
import { redirectConsole } from "./console.ts";
import { PeFailure, renderData } from "./errors.ts";
import { Executor, type Remote } from "./executor.ts";
import { encodeError } from "./failure_codec.ts";
import type { FromHost, HostInit, HostTransport, PeerMessage, ToHost } from "./host_protocol.ts";
import type { RootInputs } from "./inputs.ts";
import { layout } from "./layout.ts";
import type { Services } from "../ir/code.ts";
import { loadCode, type LoadedModules, loadingModule, openServices } from "./load.ts";
import { epochNow, type LinkStats, LIVE_REPORT_MS } from "./monitor.ts";
import { Outbox, readBatch } from "./outbox.ts";

/** How often a host reports progress, in milliseconds. */
export const PROGRESS_EVERY = 250;

/**
 * A host whose heap fills up would take its process down with V8's fatal error (and in a worker,
 * the whole run: Deno has no per-worker heap limit), so it watches its own heap, every 256 PE
 * calls and at each progress report, and fails the run cleanly, naming the PE it was running,
 * once the committed heap passes this fraction of its limit.
 */
const HEAP_FRACTION = 0.8;

const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/**
 * This process's peak resident memory in bytes (Linux's VmHWM), or its current RSS elsewhere.
 *
 * @example
 * ```ts
 * import { peakRss } from "./host.ts";
 * peakRss() > 0; // => true
 * ```
 */
export const peakRss = (): number => {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(Deno.readTextFileSync("/proc/self/status"));
    if (m) return Number(m[1]) * 1024;
  } catch { /* not Linux */ }
  return Deno.memoryUsage().rss;
};

/** Options of a {@link PeHost}. */
export interface PeHostOptions {
  /** Module namespaces already in memory (tests), used instead of importing them. */
  readonly loaded?: LoadedModules;
  /** Where PE log lines go (default: stderr). */
  readonly log?: (line: string) => void;
  /** What this host's process is called in messages (default "process"). */
  readonly noun?: string;
}

/**
 * Hosts PE instances for one process of a run. Feed it what the transport receives; it answers
 * through the transport.
 *
 * @example One host running a whole workflow, its transport in memory
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { toJson } from "../ir/json.ts";
 * import { PeHost } from "./host.ts";
 * import type { FromHost } from "./host_protocol.ts";
 * import { readBatch } from "./outbox.ts";
 * const p = W.pe(W.producer("p", (i: number) => i * 10));
 * const wf = W.workflow("wf", [p]);
 * const results: unknown[] = [];
 * const { promise, resolve } = Promise.withResolvers<void>();
 * const host: PeHost = new PeHost({
 *   toCoordinator: (m: FromHost) => {
 *     if (m.t === "ready") host.receive({ t: "start" });
 *     if (m.t === "results") readBatch(m.items, (_n, _p, d) => void results.push(d), () => {}), host.receive({ t: "ack", n: 1 });
 *     if (m.t === "done") resolve();
 *   },
 *   toPeer: () => {},
 * }, { loaded: new Map([["mem:wf", { wf }]]) });
 * host.receive({
 *   t: "init", me: 0, graph: toJson(W.compile(wf, "mem:wf")), counts: [1], processOf: [0],
 *   feeds: [["p", { _tag: "Iterations", count: 3 }]], peers: [], batch: 64, window: 4,
 * });
 * await promise;
 * results; // => [0, 10, 20]
 * ```
 */
export class PeHost {
  private executor: Executor | undefined = undefined;
  private failed = false;
  private feeds: RootInputs = new Map();
  private readonly outboxes = new Map<number, Outbox>();
  private results: Outbox | undefined = undefined;
  private flushScheduled = false;
  private flushTimer: ReturnType<typeof setTimeout> | undefined = undefined;
  /** Incoming peer batches, processed one at a time, in arrival order. */
  private readonly incoming: Array<{ peer: number; items: Array<unknown>; at?: number }> = [];
  private me = 0;
  /** Per sending peer, when monitoring. */
  private links: Map<number, { -readonly [K in keyof LinkStats]: LinkStats[K] }> | undefined = undefined;
  private pumping = false;
  private timer: ReturnType<typeof setInterval> | undefined = undefined;
  private readonly heapLimit = getHeapStatistics().heap_size_limit;
  private restoreConsole: (() => void) | undefined = undefined;
  private services: Services | undefined = undefined;
  private inputEnded = false;
  /** A transport waiting for the backlog of peer batches to shrink (see {@link room}). */
  private roomWaiter: { readonly limit: number; readonly resolve: () => void } | undefined = undefined;

  constructor(private readonly transport: HostTransport, private readonly options: PeHostOptions = {}) {}

  /** Handles a message from the coordinator. */
  receive(m: ToHost): void {
    this.executor?.wake();
    if (m.t === "init") this.init(m).catch((e) => this.fail(e));
    else if (m.t === "start") this.start();
    else this.results?.ack(m.n);
  }

  /** Handles a message from another host. */
  receivePeer(peer: number, m: PeerMessage): void {
    this.executor?.wake();
    if (m.t === "ack") {
      this.outboxes.get(peer)?.ack(m.n);
      return;
    }
    if (this.links !== undefined) this.queued(peer);
    this.incoming.push({ peer, items: m.items, at: m.at });
    if (!this.pumping) void this.pump();
  }

  /**
   * Undefined while at most `limit` peer batches wait to be processed, otherwise a promise that
   * settles once they are down to `limit` (or the host failed): a transport that can read faster
   * than the host works (a pipe an engine fills) waits on it, so that memory stays bounded.
   */
  room(limit: number): Promise<void> | undefined {
    if (this.incoming.length <= limit || this.failed) return undefined;
    const { promise, resolve } = Promise.withResolvers<void>();
    this.roomWaiter = { limit, resolve };
    return promise;
  }

  private freeRoom(): void {
    const w = this.roomWaiter;
    if (w !== undefined && (this.incoming.length <= w.limit || this.failed)) {
      this.roomWaiter = undefined;
      w.resolve();
    }
  }

  /**
   * Tells the host that no more peer messages will come (an engine delivered a task's whole
   * input). Once those received are processed, an instance still waiting for the end of an
   * upstream stream fails the run: it would wait forever, and its flush would miss data.
   */
  endOfInput(): void {
    this.inputEnded = true;
    if (!this.pumping) this.checkEnds();
  }

  private checkEnds(): void {
    const open = this.executor?.unended();
    if (open === undefined || this.failed) return;
    this.fail(
      `the input of PE "${open.pe}" ended with end-of-stream signals from only ${open.ended} of its ${open.upstream} upstream instances: data was lost on the way`,
    );
  }

  /** The PE call in progress and its data unit, for reports of failures outside any PE call. */
  get current(): { pe: string; instance: number; data: string } | undefined {
    const inst = this.executor?.currentInstance;
    return inst && { pe: inst.pe, instance: inst.instance, data: renderData(this.executor?.currentData) };
  }

  /**
   * Reports a failure to the coordinator (once) and stops reporting progress. Transports call it
   * for errors thrown outside any PE call.
   */
  fail(e: unknown): void {
    if (this.failed) return;
    this.failed = true;
    this.freeRoom();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.postMonitor(true);
    this.post({ t: "failed", error: encodeError(e) });
  }

  /** Ends what the host holds on to: its timer, the console redirection and the workflow's services. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    clearTimeout(this.flushTimer);
    await this.executor?.close();
    this.restoreConsole?.();
    this.restoreConsole = undefined;
    const services = this.services;
    this.services = undefined;
    await services?.close();
  }

  /** Reports a PE's call to `Deno.exit` as its failure: it would end the host silently. */
  exitCalled(code: number | undefined): PeFailure {
    const at = this.current;
    const f = new PeFailure({
      pe: at?.pe ?? "?",
      instance: at?.instance ?? 0,
      phase: "process",
      data: at?.data,
      cause: `called Deno.exit(${code ?? 0}), which would end its ${this.options.noun ?? "process"}`,
    });
    this.fail(f);
    return f;
  }

  /**
   * Makes this process's own ways of ending fail the run instead, naming the PE where one is
   * running: a PE's call to `Deno.exit`, and errors thrown or rejected outside any PE call (from
   * a PE's timer, say). For hosts that are a process or thread of their own; returns the undo.
   */
  guardProcess(): () => void {
    const exit = Deno.exit;
    Object.defineProperty(Deno, "exit", {
      configurable: true,
      writable: true,
      value: (code?: number): never => {
        throw this.exitCalled(code);
      },
    });
    const onRejection = (e: PromiseRejectionEvent) => {
      e.preventDefault();
      this.fail(e.reason);
    };
    const onError = (e: ErrorEvent) => {
      e.preventDefault();
      this.fail(e.error ?? e.message);
    };
    globalThis.addEventListener("unhandledrejection", onRejection);
    globalThis.addEventListener("error", onError);
    return () => {
      globalThis.removeEventListener("unhandledrejection", onRejection);
      globalThis.removeEventListener("error", onError);
      Object.defineProperty(Deno, "exit", { configurable: true, writable: true, value: exit });
    };
  }

  private post(m: FromHost): void {
    this.transport.toCoordinator(m);
  }

  /** Counts a batch from `peer` and the batches it finds waiting. */
  private queued(peer: number): void {
    let link = this.links!.get(peer);
    if (link === undefined) {
      link = { from: peer, batches: 0, latencySumMs: -0, latencyMaxMs: -0, depthSum: 0, depthMax: 0 };
      this.links!.set(peer, link);
    }
    const depth = this.incoming.length;
    link.batches++;
    link.depthSum += depth;
    link.depthMax = Math.max(link.depthMax, depth);
  }

  /** A batch from `peer` sent at `at` (epoch ms) is read now. */
  private read(peer: number, at: number): void {
    const link = this.links?.get(peer);
    if (link === undefined) return;
    const ms = epochNow() - at;
    link.latencySumMs += ms;
    link.latencyMaxMs = Math.max(link.latencyMaxMs, ms);
  }

  /** Sends what monitoring measured, when the run is monitored. */
  private postMonitor(final: boolean): void {
    if (this.links === undefined) return;
    const report = this.executor?.monitorReport(this.me, [...this.links.values()], final);
    if (report !== undefined) this.post({ t: "monitor", report });
  }

  private checkHeap = (): void => {
    // Committed heap, not live data: V8 gives up once it cannot grow the heap, often with a third
    // of it still free but fragmented.
    const used = getHeapStatistics().total_heap_size;
    if (used < HEAP_FRACTION * this.heapLimit || this.failed) return;
    const at = this.current;
    const where = at ? `, last in PE "${at.pe}" instance ${at.instance} on data unit ${at.data}` : "";
    this.fail(`its heap is nearly full (${mib(used)} of ${mib(this.heapLimit)} MiB)${where}`);
    throw new RangeError("heap nearly full");
  };

  private flushAll = (): void => {
    this.flushScheduled = false;
    for (const box of this.outboxes.values()) box.flush();
    this.results?.flush();
  };

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.flushTimer = setTimeout(this.flushAll, 2);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    const exec = this.executor!;
    const deliver = (gid: number, port: number, data: unknown) => exec.deliver(gid, port, data);
    // A signal's target -1 - node names every local instance of the node.
    const endOfStream = (target: number, from: number) => exec.eosNode(-target - 1, from);
    try {
      while (this.incoming.length > 0 && !this.failed) {
        const { peer, items, at } = this.incoming.shift()!;
        this.freeRoom();
        if (at !== undefined) this.read(peer, at);
        const r = readBatch(items, deliver, endOfStream);
        if (r !== undefined) await r;
        this.transport.toPeer(peer, { t: "ack", n: 1 });
      }
      this.flushAll();
    } catch (e) {
      this.fail(e);
    } finally {
      this.pumping = false;
      if (this.inputEnded) this.checkEnds();
    }
  }

  private async init(m: HostInit): Promise<void> {
    const graph = fromJson(m.graph);
    const counts = new Map(graph.nodes.map((n, i) => [n.id as string, m.counts[i]]));
    const l = layout(graph, counts);
    this.feeds = new Map(m.feeds);
    this.me = m.me;
    if (m.monitor) this.links = new Map();
    const options = (blocking: boolean, send: (items: Array<unknown>) => void) => ({
      batch: m.batch,
      window: m.window,
      blocking,
      send,
    });
    // Sending a batch is the write time of the instance whose write filled it, when monitoring.
    const timed = (send: (items: Array<unknown>) => void) =>
      m.monitor ? (items: Array<unknown>) => this.executor!.sending(() => send(items)) : send;
    for (const peer of m.peers) {
      const to = peer.process;
      this.outboxes.set(
        to,
        new Outbox(
          options(
            peer.blocking,
            timed(
              m.monitor
                ? (items) => this.transport.toPeer(to, { t: "batch", items, at: epochNow() })
                : (items) => this.transport.toPeer(to, { t: "batch", items }),
            ),
          ),
        ),
      );
    }
    const results = new Outbox(options(true, timed((items) => this.post({ t: "results", items }))));
    this.results = results;
    const portIndex = new Map<string, [number, number]>();
    graph.nodes.forEach((node, n) =>
      node.outputs.forEach((p, k) => portIndex.set(`${node.id}\0${p}`, [n, k]))
    );
    const hostsOf = graph.nodes.map((_, n) =>
      new Set(Array.from({ length: l.counts[n] }, (_, k) => m.processOf[l.offsets[n] + k]))
    );
    const remote: Remote = {
      deliver: (gid, port, data) => {
        this.scheduleFlush();
        return this.outboxes.get(m.processOf[gid])!.push(gid, port, data);
      },
      endNode: (node, from) => {
        this.scheduleFlush();
        for (const p of hostsOf[node]) if (p !== m.me) this.outboxes.get(p)!.signal(-node - 1, from);
      },
    };
    const code = await loadingModule(() => loadCode(graph, this.options.loaded));
    this.services = await openServices(graph, this.options.loaded);
    const exec = new Executor({
      graph,
      layout: l,
      code,
      hosts: (gid) => m.processOf[gid] === m.me,
      remote,
      onResult: (pe, port, data) => {
        const [n, k] = portIndex.get(`${pe}\0${port}`)!;
        this.scheduleFlush();
        return results.push(n, k, data);
      },
      log: this.options.log,
      onTick: this.checkHeap,
      tickEvery: 256,
      services: this.services?.handle,
      monitor: m.monitor,
    });
    this.executor = exec;
    this.restoreConsole = redirectConsole(() => exec.currentInstance);
    await exec.setup();
    this.post({ t: "ready" });
  }

  private start(): void {
    const exec = this.executor!;
    exec.beginMonitor();
    let ticks = 0;
    this.timer = setInterval(() => {
      this.post({ t: "progress", processed: exec.processed(), waiting: exec.waiting() });
      if (++ticks % (LIVE_REPORT_MS / PROGRESS_EVERY) === 0) this.postMonitor(false);
      this.checkHeap();
    }, PROGRESS_EVERY);
    exec.feed(this.feeds).catch((e) => this.fail(e));
    exec.finished.then(async () => {
      this.flushAll();
      await Promise.all([...this.outboxes.values(), this.results!].map((box) => box.drained()));
      // Released before "done": a coordinator may end this process as soon as it hears it.
      await this.close();
      if (this.failed) return;
      this.postMonitor(true);
      this.post({ t: "done", processed: exec.processed(), peakRss: peakRss() });
    }).catch((e) => {
      this.fail(e);
      void this.close();
    });
  }
}
