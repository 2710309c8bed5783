/**
 * The PE host for engines that move the data themselves (Spark, Storm): every PE instance runs
 * in a process of its own, and the engine carries each batch to the instance it is for. The host
 * is the same {@link PeHost} as on every target; this adapter gives it a layout in which the
 * process number of an instance is its global id, and stands in for the coordinator and the
 * peers where an engine has its own means:
 *
 * - batches and end-of-stream signals leave as opaque payloads addressed to an instance, which
 *   the engine routes (Spark by `partitionBy`, Storm by direct grouping); only Deno decodes them;
 * - the engine paces its own queues, so a sent batch is acknowledged at once;
 * - the host starts as soon as it is ready: an engine starts its tasks itself.
 *
 * @module
 */
import type { Graph } from "../ir/graph.ts";
import { fromJson, toJson } from "../ir/json.ts";
import { instanceCounts } from "./assign.ts";
import { BATCH, WINDOW } from "./coordinator.ts";
import { PeHost, type PeHostOptions } from "./host.ts";
import type { FromHost, HostInit } from "./host_protocol.ts";
import type { RootInputs } from "./inputs.ts";
import { type Layout, layout, nodeOf } from "./layout.ts";
import { decode, encode } from "./wire.ts";

/** Where an engine host's messages go. */
export interface EngineLink {
  /**
   * A payload for instance `to` (a global id): the engine delivers it to that instance's host.
   * An engine that takes payloads only when it asks for them (a Storm spout) returns a promise
   * that settles once it took this one: until then the payload counts as in flight, so a writer
   * waits as on every target instead of queueing without bound.
   */
  toInstance(to: number, payload: Uint8Array): void | Promise<void>;
  /** A message for the run's driver: results, progress, done, failed. */
  toDriver(message: FromHost): void;
}

/** A run laid out for an engine: one process per instance. */
export interface EnginePlan {
  readonly layout: Layout;
  /** The init every instance's host gets, with `me` set to its global id by {@link EngineHost}. */
  readonly init: HostInit;
}

/**
 * Lays out a run for an engine: instance counts from `-n processes` as on every target, and
 * every instance a process of its own; `monitor` asks the hosts for monitoring reports.
 *
 * @example A producer and a sink with `-n 3`: the sink's three instances are processes 1 to 3
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { planEngine } from "./engine_host.ts";
 * const p = W.pe(W.producer("p", (i: number) => i));
 * const s = W.pe(W.fn("s", (x: number) => x));
 * const g = W.compile(W.workflow("w", [W.connect(p.out.output, s.in.input)]), "m");
 * const plan = planEngine(g, 3, new Map());
 * plan.layout.counts; // => [1, 3]
 * plan.init.processOf; // => [0, 1, 2, 3]
 * ```
 */
export const planEngine = (
  graph: Graph,
  processes: number,
  inputs: RootInputs,
  monitor = false,
): EnginePlan => {
  const l = layout(graph, instanceCounts(graph, processes));
  const init: HostInit = {
    t: "init",
    me: 0,
    graph: toJson(graph),
    counts: l.counts,
    processOf: Array.from({ length: l.total }, (_, g) => g),
    feeds: [...inputs],
    peers: [],
    batch: BATCH,
    window: WINDOW,
    ...(monitor ? { monitor: true } : {}),
  };
  return { layout: l, init };
};

/** Batches a host may have waiting before its transport should stop reading. */
const BACKLOG = 8;

/**
 * One instance's host inside an engine's task. Give it the run's init and the instance's global
 * id, then every payload the engine delivers to the instance.
 */
export class EngineHost {
  readonly host: PeHost;

  constructor(private readonly link: EngineLink, options: PeHostOptions = {}) {
    this.host = new PeHost({
      toCoordinator: (m) => {
        if (m.t === "ready") {
          this.host.receive({ t: "start" });
          this.ready = true;
          this.readied.resolve();
          for (const payload of this.early.splice(0)) this.receive(payload);
          if (this.ended) this.host.endOfInput();
        } else {
          link.toDriver(m);
          // Results are paced by the engine like any other output.
          if (m.t === "results") queueMicrotask(() => this.host.receive({ t: "ack", n: 1 }));
        }
      },
      toPeer: (to, message) => {
        // The engine acknowledges nothing: its own queues pace the senders.
        if (message.t === "ack") return;
        const taken = link.toInstance(to, encode([this.me, message.items, message.at]));
        const ack = () => this.host.receivePeer(to, { t: "ack", n: 1 });
        if (taken instanceof Promise) void taken.then(ack);
        else queueMicrotask(ack);
      },
    }, options);
  }

  private me = -1;
  private ready = false;
  private readonly readied = Promise.withResolvers<void>();
  private ended = false;
  /** What arrived before the host was ready: an engine may deliver a task's input at once. */
  private readonly early: Array<Uint8Array> = [];

  /** Starts the host of instance `gid` in the run `init` describes (see {@link planEngine}). */
  start(init: HostInit, gid: number): void {
    const graph = fromJson(init.graph);
    const l = layout(graph, new Map(graph.nodes.map((n, i) => [n.id as string, init.counts[i]])));
    if (!Number.isInteger(gid) || gid < 0 || gid >= l.total) {
      throw new RangeError(`instance ${gid} is not in this run (it has ${l.total} instances)`);
    }
    this.me = gid;
    const peers = l.downstream[nodeOf(l, gid)].flatMap((d) =>
      Array.from({ length: l.counts[d] }, (_, k) => ({ process: l.offsets[d] + k, blocking: true }))
    );
    this.host.receive({ ...init, me: gid, peers });
  }

  /** Handles a payload another instance's host sent to this one. */
  receive(payload: Uint8Array): void {
    if (!this.ready) {
      // A copy: a transport may reuse the buffer it read the payload into.
      this.early.push(payload.slice());
      return;
    }
    const [from, items, at] = decode(payload) as [number, Array<unknown>, number | undefined];
    this.host.receivePeer(from, at === undefined ? { t: "batch", items } : { t: "batch", items, at });
  }

  /**
   * Undefined while the host keeps up with what it receives, otherwise a promise that settles
   * once it does: an engine's transport that reads a task's input from a pipe waits on it before
   * reading more, so that the input waits in the engine, not in this process's memory.
   */
  room(): Promise<void> | undefined {
    if (!this.ready) return this.readied.promise;
    return this.host.room(BACKLOG);
  }

  /** Says that the engine delivered this instance's whole input (see {@link PeHost.endOfInput}). */
  endOfInput(): void {
    this.ended = true;
    if (this.ready) this.host.endOfInput();
  }
}
