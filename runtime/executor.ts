/**
 * The in-process executor: PE instances in one JavaScript realm, data pushed depth-first through
 * the graph. An item reaches every sink before the root produces the next one, so memory stays
 * flat however long the stream. Synchronous PEs run without a single promise; a PE that returns a
 * promise switches the chain it is on to asynchronous delivery, keeping the order of writes.
 *
 * End of stream: after the roots are exhausted, each PE's instances are flushed in topological
 * order, and what they write still flows downstream (to PEs not yet flushed).
 *
 * @module
 */
import type { PeCode, PeContext, PeInstance } from "../ir/code.ts";
import type { Graph } from "../ir/graph.ts";
import { topologicalOrder } from "../ir/topology.ts";
import { describeError, PeFailure, renderData } from "./errors.ts";
import type { RootInputs } from "./inputs.ts";
import { ALL, chooser } from "./routing.ts";

/** Called for every data unit written to an unconnected output port: the workflow's results. */
export type ResultSink = (pe: string, port: string, data: unknown) => void;

/** What the executor needs: a graph, the code of its nodes and the instance count of each. */
export interface ExecutorOptions {
  readonly graph: Graph;
  readonly code: ReadonlyMap<string, PeCode>;
  readonly counts: ReadonlyMap<string, number>;
  readonly onResult: ResultSink;
  /** Called about every 4096 process calls, even while the run never yields to the event loop. */
  readonly onTick?: () => void;
  /** Where PE log lines go (default: stderr). */
  readonly log?: (line: string) => void;
}

type Delivery = (data: unknown) => void | Promise<void>;

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
  pending: Promise<void> | undefined = undefined;
  failure: unknown = undefined;
  outputs: Record<string, Delivery> = {};
  readonly log: (message: string) => void;

  constructor(
    readonly pe: string,
    readonly instance: number,
    readonly instances: number,
    readonly code: PeInstance,
    sink: (line: string) => void,
  ) {
    this.log = (message) => sink(`${pe} (instance ${instance}): ${message}`);
  }

  readonly write = (port: string, data: unknown): void | Promise<void> => {
    const out = this.outputs[port];
    if (out === undefined) {
      throw new TypeError(
        `PE "${this.pe}" has no output port "${port}" (its outputs: ${
          Object.keys(this.outputs).join(", ") || "none"
        })`,
      );
    }
    if (this.pending !== undefined) return this.track(this.pending.then(() => out(data)));
    const r = out(data);
    return r === undefined ? undefined : this.track(r);
  };

  private track(p: Promise<void>): Promise<void> {
    this.pending = p;
    p.then(() => {
      if (this.pending === p) this.pending = undefined;
    }, (e) => {
      this.failure ??= e;
      if (this.pending === p) this.pending = undefined;
    });
    return p;
  }
}

/** Per-node processed counts and the wall time of a run. */
export interface RunSummary {
  readonly processed: Readonly<Record<string, number>>;
  readonly millis: number;
}

/**
 * Runs a graph in this process.
 *
 * @example Run a compiled workflow and collect its results
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { Executor } from "./executor.ts";
 * import { loadCode } from "./load.ts";
 * import { rootInputs } from "./inputs.ts";
 * import { instanceCounts } from "./assign.ts";
 * const p = W.pe(W.producer("p", (i: number) => i));
 * const sq = W.pe(W.fn("sq", (x: number) => x * x));
 * const wf = W.workflow("wf", [W.connect(p.out.output, sq.in.input)]);
 * const graph = W.compile(wf, "mem:wf");
 * const results: unknown[] = [];
 * const exec = new Executor({
 *   graph, code: await loadCode(graph, new Map([["mem:wf", { wf }]])), counts: instanceCounts(graph),
 *   onResult: (_pe, _port, data) => results.push(data),
 * });
 * await exec.run(rootInputs(graph, {}, 4));
 * results; // => [0, 1, 4, 9]
 * ```
 */
export class Executor {
  private readonly instances = new Map<string, Array<Instance>>();
  private ops = 0;
  private readonly tick: (() => void) | undefined;

  constructor(private readonly options: ExecutorOptions) {
    const log = options.log ?? ((line: string) => console.error(line));
    this.tick = options.onTick;
    for (const node of options.graph.nodes) {
      const n = options.counts.get(node.id) ?? 1;
      const code = options.code.get(node.id)!;
      this.instances.set(
        node.id,
        Array.from({ length: n }, (_, i) => new Instance(node.id, i, n, code.make(), log)),
      );
    }
    for (const node of options.graph.nodes) {
      for (const sender of this.instances.get(node.id)!) {
        for (const port of node.outputs) sender.outputs[port] = this.delivery(sender, port);
      }
    }
  }

  /** Process calls per node so far. */
  processed(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, list] of this.instances) out[id] = list.reduce((s, i) => s + i.processed, 0);
    return out;
  }

  private delivery(sender: Instance, port: string): Delivery {
    const edges = this.options.graph.edges.filter((e) => e.from.node === sender.pe && e.from.port === port);
    if (edges.length === 0) {
      const sink = this.options.onResult;
      return (data) => {
        sink(sender.pe, port, data);
      };
    }
    const routes = edges.map((edge): Delivery => {
      const targets = this.instances.get(edge.to.node)!;
      const to = edge.to.port;
      if (targets.length === 1) {
        const only = targets[0];
        return (data) => this.call(only, to, data);
      }
      const choose = chooser(
        edge.grouping,
        targets.length,
        sender.instance,
        this.options.code.get(edge.to.node)!.groupKey(edge.to.port),
      );
      return (data) => {
        const i = choose(data);
        if (i !== ALL) return this.call(targets[i], to, data);
        return sequence(
          targets.map((t, k) => () => this.call(t, to, k === targets.length - 1 ? data : copy(data))),
        );
      };
    });
    if (routes.length === 1) return routes[0];
    return (data) =>
      sequence(routes.map((route, k) => () => route(k === routes.length - 1 ? data : copy(data))));
  }

  private call(inst: Instance, port: string | undefined, data: unknown): void | Promise<void> {
    inst.processed++;
    if ((++this.ops & 4095) === 0) this.tick?.();
    let r: unknown;
    try {
      r = inst.code.process(port, data, inst);
    } catch (e) {
      throw failure(inst, "process", e, data);
    }
    if (isThenable(r)) {
      return Promise.resolve(r).then(() => settle(inst, "process", data), (e) => {
        throw failure(inst, "process", e, data);
      });
    }
    if (inst.pending !== undefined || inst.failure !== undefined) return settle(inst, "process", data);
  }

  private hook(inst: Instance, phase: "setup" | "flush"): void | Promise<void> {
    const f = inst.code[phase];
    if (f === undefined) return;
    let r: unknown;
    try {
      r = f.call(inst.code, inst);
    } catch (e) {
      throw failure(inst, phase, e);
    }
    if (isThenable(r)) {
      return Promise.resolve(r).then(() => settle(inst, phase), (e) => {
        throw failure(inst, phase, e);
      });
    }
    return settle(inst, phase);
  }

  /** Sets up every instance, feeds the roots, then flushes every instance in topological order. */
  async run(feeds: RootInputs): Promise<RunSummary> {
    const start = performance.now();
    const order = topologicalOrder(this.options.graph);
    for (const node of order) {
      for (const inst of this.instances.get(node.id)!) await this.hook(inst, "setup");
    }
    for (const [id, feed] of feeds) {
      const targets = this.instances.get(id)!;
      if (feed._tag === "Iterations") {
        for (let i = 0; i < feed.count; i++) {
          const r = this.call(targets[i % targets.length], undefined, i);
          if (r !== undefined) await r;
        }
      } else {
        let i = 0;
        for (const unit of feed.units) {
          const r = this.call(targets[i++ % targets.length], unit.port, unit.data);
          if (r !== undefined) await r;
        }
      }
    }
    for (const node of order) {
      for (const inst of this.instances.get(node.id)!) await this.hook(inst, "flush");
    }
    return { processed: this.processed(), millis: performance.now() - start };
  }
}

const failure = (
  inst: Instance,
  phase: "setup" | "process" | "flush",
  e: unknown,
  data?: unknown,
): PeFailure =>
  e instanceof PeFailure ? e : new PeFailure({
    pe: inst.pe,
    instance: inst.instance,
    phase,
    ...(phase === "process" ? { data: renderData(data) } : {}),
    cause: describeError(e),
  });

const settle = (
  inst: Instance,
  phase: "setup" | "process" | "flush",
  data?: unknown,
): void | Promise<void> => {
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
