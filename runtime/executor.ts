/**
 * The executor: hosts PE instances in one JavaScript realm and pushes data depth-first through
 * them. Every target runs its instances in executors: `simple` one executor hosting everything,
 * parallel targets one per process, with a {@link Remote} for instances hosted elsewhere.
 *
 * Streaming: an item reaches every local sink before the root produces the next one, so memory
 * stays flat. Synchronous PEs run without a single promise; a PE that returns a promise switches
 * the chain it is on to asynchronous delivery, keeping the order of writes. Calls to one instance
 * never overlap.
 *
 * End of stream: an instance finishes when every upstream instance has finished (a root, when its
 * feed is exhausted). It then flushes, and what the flush writes still flows downstream, before it
 * tells its downstream instances that it has ended.
 *
 * @module
 */
import type { PeCode, PeContext, PeInstance } from "../ir/code.ts";
import type { Edge, Graph } from "../ir/graph.ts";
import { topologicalOrder } from "../ir/topology.ts";
import { stderrLine } from "./console.ts";
import { checkDataUnit } from "./data_unit.ts";
import { describeError, PeFailure, renderData } from "./errors.ts";
import type { Waiting } from "./host_protocol.ts";
import type { RootInputs } from "./inputs.ts";
import type { Layout } from "./layout.ts";
import { type LinkStats, Probe } from "./monitor.ts";
import { ALL, chooser } from "./routing.ts";

/**
 * Called for every data unit written to an unconnected output port: the workflow's results. A
 * returned promise makes the writer wait, as a remote delivery does; other values are ignored.
 */
export type ResultSink = (pe: string, port: string, data: unknown) => unknown;

/** Where data and end-of-stream signals for instances hosted elsewhere go. */
export interface Remote {
  deliver(gid: number, port: number, data: unknown): void | Promise<void>;
  /**
   * Tells every other process hosting instances of node `node` that instance `from` has ended:
   * one signal per process, not per instance, so that ending costs messages in proportion to
   * processes however many instances there are.
   */
  endNode(node: number, from: number): void;
}

/** What the executor needs: a graph, its layout, the code of hosted nodes, and where results go. */
export interface ExecutorOptions {
  readonly graph: Graph;
  readonly layout: Layout;
  readonly code: ReadonlyMap<string, PeCode>;
  /** Whether this executor hosts an instance (default: all). */
  readonly hosts?: (gid: number) => boolean;
  /** Required when some instances are hosted elsewhere. */
  readonly remote?: Remote;
  readonly onResult: ResultSink;
  /** Called every `tickEvery` process calls, even while the run never yields to the event loop. */
  readonly onTick?: () => void;
  /** How many process calls between ticks: a power of two (default 4096). */
  readonly tickEvery?: number;
  /** Where PE log lines go (default: stderr). */
  readonly log?: (line: string) => void;
  /** Ends the run early: the next process call throws the signal's reason. */
  readonly signal?: AbortSignal;
  /** The workflow's services in this process (see `openServices`), given to every instance. */
  readonly services?: unknown;
  /** Measure the hosted instances (see `monitor.ts`, and {@link Executor.monitorReport}). */
  readonly monitor?: boolean;
}

type Delivery = (data: unknown) => void | Promise<void>;
type Phase = "setup" | "process" | "flush";

const isThenable = (u: unknown): u is PromiseLike<unknown> =>
  typeof u === "object" && u !== null && typeof (u as PromiseLike<unknown>).then === "function";

const copy = (data: unknown): unknown =>
  typeof data === "object" && data !== null ? structuredClone(data) : data;

/** Runs thunks in order; once one goes asynchronous, the rest follow it. */
const sequence = (steps: ReadonlyArray<() => void | Promise<void>>, from = 0): void | Promise<void> => {
  for (let i = from; i < steps.length; i++) {
    const r = steps[i]();
    if (r !== undefined) return r.then(() => sequence(steps, i + 1));
  }
};

class Instance implements PeContext {
  processed = 0;
  /** The tail of this instance's asynchronous writes. */
  pending: Promise<void> | undefined = undefined;
  /** The call in progress, when it went asynchronous, with its data unit and start time. */
  busy: Promise<void> | undefined = undefined;
  busyData: unknown = undefined;
  // -0: a field for fractions from the start (see `busySum` in monitor.ts).
  busySince = -0;
  failure: unknown = undefined;
  outputs: Record<string, Delivery> = {};
  services: unknown = undefined;
  /** Whether its close hook has run. */
  closed = false;
  /** Data units written, counted when monitoring (see {@link Executor} constructor). */
  written = 0;
  /** Set when monitoring: told when the instance starts and stops waiting on its writes. */
  probe: Probe | undefined = undefined;
  pendingSince = -0;
  readonly log: (message: string) => void;

  constructor(
    readonly pe: string,
    readonly node: number,
    readonly gid: number,
    readonly instance: number,
    readonly instances: number,
    readonly code: PeInstance,
    sink: (line: string) => void,
    /** Tells the executor of a failure of this instance. */
    readonly report: (f: PeFailure) => void,
  ) {
    this.log = (message) => sink(`${pe} (instance ${instance}): ${message}`);
  }

  write = (port: string, data: unknown): void | Promise<void> => {
    const out = this.outputs[port];
    if (out === undefined) {
      throw new TypeError(
        `PE "${this.pe}" has no output port "${port}" (its outputs: ${
          Object.keys(this.outputs).join(", ") || "none"
        })`,
      );
    }
    // Values no transport carries fail here, on every target, instead of only where they cross.
    if (typeof data === "object" ? data !== null : typeof data === "function" || typeof data === "symbol") {
      this.check(port, data);
    }
    if (this.pending !== undefined) return this.track(this.pending.then(() => out(data)));
    const r = out(data);
    return r === undefined ? undefined : this.track(r);
  };

  private check(port: string, data: unknown): void {
    const bad = checkDataUnit(data);
    if (bad === undefined) return;
    const e = new TypeError(
      `wrote ${bad} to port "${port}": data units are plain values (see "Data units" in the README)`,
    );
    // Kept even if the PE catches the throw around its write.
    this.failure ??= e;
    throw e;
  }

  private track(p: Promise<void>): Promise<void> {
    if (this.probe !== undefined && this.pending === undefined) {
      this.pendingSince = this.probe.blocked(this.gid);
    }
    this.pending = p;
    const clear = () => {
      if (this.pending !== p) return;
      this.pending = undefined;
      // What runs next is the instance's code that waited on this write (a generator draining
      // on): its time is the instance's (see `Probe.late`).
      this.probe?.waited(this.gid, this.pendingSince);
      this.probe?.late(this.gid);
    };
    p.then(clear, (e) => {
      this.failure ??= e;
      clear();
    });
    return p;
  }
}

/** Per-node processed counts and the wall time of a run. */
export interface RunSummary {
  readonly processed: Readonly<Record<string, number>>;
  readonly millis: number;
  /**
   * This process only hosted instances of a run coordinated by another (an MPI rank other than
   * 0): the results, and the summary, are written there.
   */
  readonly hostOnly?: boolean;
  /** The largest peak resident memory of a process that hosted instances, in bytes. */
  readonly hostPeakRss?: number;
}

/**
 * Hosts PE instances and runs them.
 *
 * @example Run a compiled workflow in one executor and collect its results
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { Executor } from "./executor.ts";
 * import { loadCode } from "./load.ts";
 * import { rootInputs } from "./inputs.ts";
 * import { instanceCounts } from "./assign.ts";
 * import { layout } from "./layout.ts";
 * const p = W.pe(W.producer("p", (i: number) => i));
 * const sq = W.pe(W.fn("sq", (x: number) => x * x));
 * const wf = W.workflow("wf", [W.connect(p.out.output, sq.in.input)]);
 * const graph = W.compile(wf, "mem:wf");
 * const results: unknown[] = [];
 * const exec = new Executor({
 *   graph, layout: layout(graph, instanceCounts(graph)), code: await loadCode(graph, new Map([["mem:wf", { wf }]])),
 *   onResult: (_pe, _port, data) => results.push(data),
 * });
 * await exec.run(rootInputs(graph, {}, 4));
 * results; // => [0, 1, 4, 9]
 * ```
 */
export class Executor {
  /** Hosted instances by global id (undefined where hosted elsewhere). */
  private readonly byGid: Array<Instance | undefined>;
  private ops = 0;
  private readonly tickMask: number;
  private open: number;
  /** Whether some instance of each node is hosted elsewhere. */
  private readonly remoteNodes: ReadonlyArray<boolean>;
  /** End-of-stream signals counted per node. */
  private readonly endedOf: Array<number>;
  /** The first PE failure, kept even if an upstream PE catches it around `ctx.write`. */
  private first: PeFailure | undefined = undefined;
  private resolveFinished!: () => void;
  private rejectFinished!: (e: unknown) => void;
  /** Resolves when every hosted instance has finished; rejects on the first failure. */
  readonly finished: Promise<void>;
  /** The instance whose call started last, and its data unit: for crash reports. */
  currentInstance: PeContext | undefined = undefined;
  currentData: unknown = undefined;
  /** Present only when monitoring: a PE call then checks it twice, and does nothing more without it. */
  private readonly probe: Probe | undefined;

  constructor(private readonly options: ExecutorOptions) {
    const { graph, layout, code } = options;
    this.probe = options.monitor ? new Probe(layout.total) : undefined;
    const log = options.log ?? stderrLine;
    const hosts = options.hosts ?? (() => true);
    const report = (f: PeFailure) => this.first ??= f;
    this.tickMask = (options.tickEvery ?? 4096) - 1;
    this.byGid = new Array(layout.total);
    graph.nodes.forEach((node, n) => {
      const count = layout.counts[n];
      for (let k = 0; k < count; k++) {
        const gid = layout.offsets[n] + k;
        if (hosts(gid)) {
          this.byGid[gid] = new Instance(node.id, n, gid, k, count, code.get(node.id)!.make(), log, report);
        }
      }
    });
    for (const inst of this.byGid) {
      if (inst === undefined) continue;
      inst.services = options.services;
      inst.probe = this.probe;
      if (this.probe !== undefined) {
        // Counted here, not in every write: with monitoring off, a write pays nothing for it.
        const write = inst.write;
        inst.write = (port, data) => {
          const r = write(port, data);
          inst.written++;
          return r;
        };
      }
    }
    const edgesFrom = graph.nodes.map((node) =>
      node.outputs.map((port) => graph.edges.filter((e) => e.from.node === node.id && e.from.port === port))
    );
    for (const inst of this.byGid) {
      if (inst === undefined) continue;
      graph.nodes[inst.node].outputs.forEach((port, k) => {
        inst.outputs[port] = this.delivery(inst, port, edgesFrom[inst.node][k]);
      });
    }
    this.open = this.byGid.filter((i) => i !== undefined).length;
    this.endedOf = layout.counts.map(() => 0);
    this.remoteNodes = layout.counts.map((count, n) =>
      Array.from({ length: count }, (_, k) => layout.offsets[n] + k).some((gid) =>
        this.byGid[gid] === undefined
      )
    );
    this.finished = new Promise((resolve, reject) => {
      this.resolveFinished = resolve;
      this.rejectFinished = reject;
    });
    this.finished.catch(() => {});
    if (this.open === 0) this.resolveFinished();
  }

  /** The oldest PE call of this executor that has not settled, if any. */
  waiting(): Waiting | undefined {
    let oldest: Instance | undefined = undefined;
    for (const inst of this.byGid) {
      if (inst?.busy !== undefined && (oldest === undefined || inst.busySince < oldest.busySince)) {
        oldest = inst;
      }
    }
    if (oldest === undefined) return undefined;
    return {
      pe: oldest.pe,
      instance: oldest.instance,
      data: renderData(oldest.busyData),
      millis: performance.now() - oldest.busySince,
    };
  }

  /**
   * A hosted node still waiting for end-of-stream signals, with how many came of how many: once
   * a transport knows that no more can arrive, such a node would wait forever.
   */
  unended(): { pe: string; ended: number; upstream: number } | undefined {
    const { layout, graph } = this.options;
    for (let n = 0; n < layout.counts.length; n++) {
      const hosted = Array.from({ length: layout.counts[n] }, (_, k) => this.byGid[layout.offsets[n] + k])
        .some((inst) => inst !== undefined);
      if (hosted && this.endedOf[n] < layout.upstream[n]) {
        return { pe: graph.nodes[n].id, ended: this.endedOf[n], upstream: layout.upstream[n] };
      }
    }
    return undefined;
  }

  /** The thread woke from the event loop: for monitoring (see `Probe.wake`). */
  wake(): void {
    this.probe?.wake();
  }

  /** Runs `send`, which sends a batch of what the instance now running wrote: its write time, when monitoring. */
  sending<R>(send: () => R): R {
    return this.probe === undefined ? send() : this.probe.write(send);
  }

  /** Starts the clock of monitoring (see {@link ExecutorOptions.monitor}). */
  beginMonitor(): void {
    this.probe?.begin(
      this.byGid.flatMap((inst) => inst === undefined ? [] : [inst.gid]),
      (gid) => this.byGid[gid]!.processed,
      (gid) => this.byGid[gid]!.written,
    );
  }

  /**
   * What monitoring measured of the hosted instances so far, as host `host` reports it; undefined
   * when not monitoring.
   */
  monitorReport(host: number, links: ReadonlyArray<LinkStats> = [], final = true) {
    const hosted = this.byGid.flatMap((i) =>
      i === undefined ? [] : [{ gid: i.gid, pe: i.pe, instance: i.instance }]
    );
    return this.probe?.report(host, hosted, links, final);
  }

  /** Process calls per node so far, over the hosted instances. */
  processed(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const inst of this.byGid) if (inst) out[inst.pe] = (out[inst.pe] ?? 0) + inst.processed;
    return out;
  }

  /** The calls an edge can make to each instance of its receiving node, shared by all senders. */
  private readonly edgeTargets = new Map<Edge, Array<Delivery>>();

  private targetsOf(edge: Edge): Array<Delivery> {
    let targets = this.edgeTargets.get(edge);
    if (targets !== undefined) return targets;
    const { graph, layout, remote } = this.options;
    const node = layout.index.get(edge.to.node)!;
    const portIndex = graph.nodes[node].inputs.indexOf(edge.to.port);
    const to = edge.to.port;
    targets = Array.from({ length: layout.counts[node] }, (_, k): Delivery => {
      const gid = layout.offsets[node] + k;
      const local = this.byGid[gid];
      if (local !== undefined) return (data) => this.call(local, to, data);
      if (remote === undefined) throw new Error(`Instance ${k} of "${edge.to.node}" is hosted nowhere`);
      return (data) => remote.deliver(gid, portIndex, data);
    });
    this.edgeTargets.set(edge, targets);
    return targets;
  }

  private delivery(sender: Instance, port: string, edges: ReadonlyArray<Edge>): Delivery {
    if (edges.length === 0) {
      const sink = this.options.onResult;
      return (data) => {
        const r = sink(sender.pe, port, data);
        return r instanceof Promise ? r : undefined;
      };
    }
    const routes = edges.map((edge): Delivery => {
      const targets = this.targetsOf(edge);
      if (targets.length === 1) return targets[0];
      const choose = chooser(
        edge.grouping,
        targets.length,
        sender.instance,
        this.options.code.get(edge.to.node)?.groupKey(edge.to.port),
      );
      return (data) => {
        const i = choose(data);
        if (i !== ALL) return targets[i](data);
        return sequence(targets.map((t, k) => () => t(k === targets.length - 1 ? data : copy(data))));
      };
    });
    if (routes.length === 1) return routes[0];
    return (data) =>
      sequence(routes.map((route, k) => () => route(k === routes.length - 1 ? data : copy(data))));
  }

  private call(inst: Instance, port: string | undefined, data: unknown): void | Promise<void> {
    if (inst.busy !== undefined) return inst.busy.then(() => this.call(inst, port, data));
    if (this.options.signal?.aborted) throw this.options.signal.reason;
    inst.processed++;
    this.currentInstance = inst;
    this.currentData = data;
    if ((++this.ops & this.tickMask) === 0) this.options.onTick?.();
    const probe = this.probe;
    const prev = probe === undefined ? 0 : probe.enter(inst.gid);
    let r: unknown;
    try {
      r = inst.code.process(port, data, inst);
    } catch (e) {
      throw failure(inst, "process", e, data);
    }
    if (probe !== undefined) probe.leave(inst.gid, prev, r);
    let done: void | Promise<void> = undefined;
    const own = isThenable(r);
    if (own) {
      done = Promise.resolve(r).then(() => settle(inst, "process", data), (e) => {
        throw failure(inst, "process", e, data);
      });
    } else if (inst.pending !== undefined || inst.failure !== undefined) done = settle(inst, "process", data);
    if (done !== undefined) {
      const busy = done;
      inst.busy = busy;
      inst.busyData = data;
      inst.busySince = performance.now();
      const timed = own && probe !== undefined ? probe.calling(inst.gid) : undefined;
      const clear = () => {
        if (inst.busy === busy) inst.busy = undefined;
        if (timed !== undefined) probe!.settled(inst.gid, timed);
      };
      busy.then(clear, clear);
    }
    return done;
  }

  /** Runs a hook of an instance, once the call in progress has settled. */
  private hook(inst: Instance, phase: "setup" | "flush"): void | Promise<void> {
    if (inst.busy !== undefined) return inst.busy.then(() => this.hook(inst, phase));
    const f = inst.code[phase];
    if (f === undefined) return;
    // A flush is the instance's work: charged to it when monitoring.
    const probe = phase === "flush" ? this.probe : undefined;
    const prev = probe === undefined ? 0 : probe.enter(inst.gid);
    let r: unknown;
    try {
      r = f.call(inst.code, inst);
    } catch (e) {
      throw failure(inst, phase, e);
    }
    if (probe !== undefined) probe.leave(inst.gid, prev, r);
    if (isThenable(r)) {
      return Promise.resolve(r).then(() => settle(inst, phase), (e) => {
        throw failure(inst, phase, e);
      });
    }
    return settle(inst, phase);
  }

  /** Flushes an instance and tells its downstream instances that it has ended. */
  private finish(inst: Instance): void | Promise<void> {
    const flushed = this.hook(inst, "flush");
    if (flushed !== undefined) return flushed.then(() => this.release(inst)).then(() => this.ended(inst));
    const released = this.release(inst);
    if (released !== undefined) return released.then(() => this.ended(inst));
    return this.ended(inst);
  }

  /** Runs an instance's close hook, once. */
  private release(inst: Instance): void | Promise<void> {
    if (inst.closed) return;
    inst.closed = true;
    let r: unknown;
    try {
      r = inst.code.close?.();
    } catch (e) {
      throw failure(inst, "flush", e);
    }
    if (isThenable(r)) {
      return Promise.resolve(r).then(() => undefined, (e) => {
        throw failure(inst, "flush", e);
      });
    }
  }

  /**
   * Releases what every hosted instance still holds (see `PeInstance.close`): for runs that
   * ended early. Failures here are logged, not thrown: the run's own outcome stands.
   */
  async close(): Promise<void> {
    for (const inst of this.byGid) {
      if (inst === undefined) continue;
      try {
        await this.release(inst);
      } catch (e) {
        inst.log(`releasing its resources failed: ${describeError(e)}`);
      }
    }
  }

  private ended(inst: Instance): void | Promise<void> {
    const r = this.signalEnd(inst, 0);
    if (r !== undefined) return r.then(() => this.closed());
    this.closed();
  }

  /** Tells each downstream node, from the `j`th on, that `inst` ended. */
  private signalEnd(inst: Instance, j: number): void | Promise<void> {
    const down = this.options.layout.downstream[inst.node];
    for (; j < down.length; j++) {
      const node = down[j];
      if (this.remoteNodes[node]) this.options.remote!.endNode(node, inst.gid);
      const r = this.eosNode(node, inst.gid);
      if (r !== undefined) {
        const next = j + 1;
        return r.then(() => this.signalEnd(inst, next));
      }
    }
  }

  private closed(): void {
    // A failure that a PE caught around its write still fails the run, on every placement.
    if (--this.open > 0) return;
    if (this.first === undefined) this.resolveFinished();
    else this.rejectFinished(this.first);
  }

  /** Runs every hosted instance's setup, in topological order. */
  async setup(): Promise<void> {
    try {
      for (const node of topologicalOrder(this.options.graph)) {
        const n = this.options.layout.index.get(node.id)!;
        for (let k = 0; k < this.options.layout.counts[n]; k++) {
          const inst = this.byGid[this.options.layout.offsets[n] + k];
          if (inst) await this.hook(inst, "setup");
        }
      }
    } catch (e) {
      this.rejectFinished(e);
      throw e;
    }
  }

  /** Delivers a data unit to a hosted instance (from another process). */
  deliver(gid: number, port: number, data: unknown): void | Promise<void> {
    const inst = this.byGid[gid]!;
    const inputPort = this.options.graph.nodes[inst.node].inputs[port];
    return this.guard(this.call(inst, inputPort, data));
  }

  /**
   * Counts an upstream instance's end of stream at the hosted instances of a node; the last one
   * finishes them, in order. Every upstream instance ends at every instance of a node, so one
   * count per node serves them all, and ending stays linear in the number of instances.
   */
  eosNode(node: number, _from: number): void | Promise<void> {
    if (++this.endedOf[node] !== this.options.layout.upstream[node]) return;
    return this.guard(this.finishNode(node, 0));
  }

  private finishNode(node: number, k: number): void | Promise<void> {
    const { layout } = this.options;
    for (; k < layout.counts[node]; k++) {
      const inst = this.byGid[layout.offsets[node] + k];
      const r = inst === undefined ? undefined : this.finish(inst);
      if (r !== undefined) {
        const next = k + 1;
        return r.then(() => this.finishNode(node, next));
      }
    }
  }

  private guard(r: void | Promise<void>): void | Promise<void> {
    if (r === undefined) return;
    return r.catch((e) => {
      this.rejectFinished(e);
      throw e;
    });
  }

  /** Feeds the hosted root instances, then finishes them. Root data units go round-robin over a root's instances. */
  async feed(feeds: RootInputs): Promise<void> {
    const { layout } = this.options;
    try {
      for (const [id, feed] of feeds) {
        const n = layout.index.get(id)!;
        const count = layout.counts[n];
        const at = (i: number) => this.byGid[layout.offsets[n] + (i % count)];
        const size = feed._tag === "Iterations" ? feed.count : feed.units.length;
        for (let i = 0; i < size; i++) {
          const inst = at(i);
          if (inst === undefined) continue;
          const port = feed._tag === "Iterations" ? undefined : feed.units[i].port;
          const data = feed._tag === "Iterations" ? i : feed.units[i].data;
          const r = this.call(inst, port, data);
          if (r !== undefined) await r;
        }
        for (let k = 0; k < count; k++) {
          const inst = this.byGid[layout.offsets[n] + k];
          if (inst !== undefined) await this.finish(inst);
        }
      }
    } catch (e) {
      this.rejectFinished(e);
      throw e;
    }
  }

  /** Runs everything this executor hosts: setup, feed, and wait until every instance has finished. */
  async run(feeds: RootInputs): Promise<RunSummary> {
    const start = performance.now();
    this.beginMonitor();
    await this.setup();
    await this.feed(feeds);
    await this.finished;
    return { processed: this.processed(), millis: performance.now() - start };
  }
}

const failure = (inst: Instance, phase: Phase, e: unknown, data?: unknown): PeFailure => {
  const f = e instanceof PeFailure ? e : new PeFailure({
    pe: inst.pe,
    instance: inst.instance,
    phase,
    ...(phase === "process" ? { data: renderData(data) } : {}),
    cause: describeError(e),
    error: e,
  });
  inst.report(f);
  return f;
};

const settle = (inst: Instance, phase: Phase, data?: unknown): void | Promise<void> => {
  if (inst.failure !== undefined) {
    const e = inst.failure;
    inst.failure = undefined;
    throw failure(inst, phase, e, data);
  }
  const p = inst.pending;
  if (p !== undefined) {
    return p.then(() => settle(inst, phase, data), (e) => {
      throw failure(inst, phase, e, data);
    });
  }
};
