/**
 * The coordinator of a run on PE hosts: plans where instances go, tells each host its part,
 * starts them together, hands results to the caller (acknowledging each batch, so that results
 * are paced like any other link), sums progress, watches for stalls, and ends the run when every
 * host is done or at the first failure. Every target that runs hosts in several processes uses
 * it; the target only moves its messages.
 *
 * @module
 */
import type { Graph } from "../ir/graph.ts";
import { toJson } from "../ir/json.ts";
import { instanceCounts } from "./assign.ts";
import { stderrLine } from "./console.ts";
import { CodeNotFound, PeFailure, WorkerFailure } from "./errors.ts";
import type { ResultSink, RunSummary } from "./executor.ts";
import { decodeError } from "./failure_codec.ts";
import type { FromHost, HostInit, Processed, ToHost, Waiting } from "./host_protocol.ts";
import { type Layout, layout } from "./layout.ts";
import { readBatch } from "./outbox.ts";
import { cyclicChannels, describePlacement, links, place, type Placement } from "./placement.ts";
import { watchStalls } from "./stall.ts";
import type { RunRequest } from "./target.ts";

/** Data units per batch between hosts. */
export const BATCH = 4096;
/** Batches in flight per link before writers wait. */
export const WINDOW = 4;

/** Where a run's instances go: the layout, the placement and the links between hosts. */
export interface HostPlan {
  readonly processes: number;
  readonly layout: Layout;
  readonly placement: Placement;
  /** Pairs of hosts that exchange data, each pair once, as `[a, b]` with a < b. */
  readonly pairs: ReadonlyArray<readonly [number, number]>;
  /** The peers of each host, and whether writes to each may block. */
  readonly peers: ReadonlyArray<ReadonlyArray<{ readonly process: number; readonly blocking: boolean }>>;
}

/**
 * Plans a run on at most `hosts` hosts, with the instance counts `-n processes` gives.
 *
 * @example Word count's -n 2 on 2 hosts
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { planHosts } from "./coordinator.ts";
 * const p = W.pe(W.producer("p", (i: number) => i));
 * const f = W.pe(W.fn("f", (x: number) => x));
 * const g = W.compile(W.workflow("w", [W.connect(p.out.output, f.in.input)]), "m");
 * const plan = planHosts(g, 2, 2);
 * plan.placement.processOf; // => [0, 0, 1]
 * plan.peers; // => [[{ process: 1, blocking: true }], [{ process: 0, blocking: false }]]
 * ```
 */
export const planHosts = (graph: Graph, processes: number, hosts: number): HostPlan => {
  const l = layout(graph, instanceCounts(graph, processes));
  const placement = place(graph, l, Math.max(1, hosts));
  const linked = links(graph, l, placement);
  const cyclic = cyclicChannels(placement.processes, linked);
  const pairs = new Map<string, readonly [number, number]>();
  for (const [a, b] of linked) {
    pairs.set(`${Math.min(a, b)},${Math.max(a, b)}`, [Math.min(a, b), Math.max(a, b)]);
  }
  const peers = Array.from(
    { length: placement.processes },
    () => [] as Array<HostPlan["peers"][number][number]>,
  );
  for (const [a, b] of pairs.values()) {
    peers[a].push({ process: b, blocking: !cyclic[a][b] });
    peers[b].push({ process: a, blocking: !cyclic[b][a] });
  }
  return { processes: placement.processes, layout: l, placement, pairs: [...pairs.values()], peers };
};

/**
 * Hands a host's `results` batch to the run's sink, by PE and output name: for the coordinator,
 * and for the engine targets' drivers, which hear hosts without one.
 */
export const deliverResults = (graph: Graph, onResult: ResultSink, items: Array<unknown>): void => {
  readBatch(items, (node, port, data) => {
    onResult(graph.nodes[node].id, graph.nodes[node].outputs[port], data);
  }, () => {});
};

/** What a target gives the coordinator. */
export interface CoordinatorOptions {
  readonly request: RunRequest;
  readonly plan: HostPlan;
  /** What a host is called in messages: "worker", "rank". */
  readonly noun: string;
  /** Sends a message to a host (the inits are sent by the target, see {@link Coordinator.inits}). */
  readonly send: (host: number, message: Exclude<ToHost, HostInit>) => void;
  /** Ends every host's process: called once, when the run ends for any reason. */
  readonly stop: () => void;
  /** Whether a PE failure names the host it ran on ("on rank 2"). */
  readonly nameHost?: boolean;
}

/** A run in progress on hosts. */
export interface Coordinator {
  /** The init message of each host. */
  readonly inits: ReadonlyArray<HostInit>;
  /** Handles a message from a host. */
  receive(host: number, message: FromHost): void;
  /** A host's process ended or crashed outside the protocol. */
  lost(host: number, reason: string): void;
  /** Resolves with the summary when every host is done; rejects with the run's failure. */
  readonly result: Promise<RunSummary>;
}

/** A code failure that names the workflow itself, not one process's trouble loading it. */
const isMissingCode = (e: unknown): e is CodeNotFound => e instanceof CodeNotFound && e.missing !== undefined;

/**
 * Coordinates a run: call it, send each host its init (see {@link Coordinator.inits}), and feed
 * it what the hosts send.
 */
export const coordinate = (options: CoordinatorOptions): Coordinator => {
  const { request, plan, noun } = options;
  const { graph } = request;
  const start = performance.now();
  const hosts = plan.processes;
  const described = describePlacement(plan.layout, plan.placement, noun);
  const hosting = (h: number) => described[h].slice(described[h].indexOf(": ") + 2);
  const processed: Array<Processed> = Array.from({ length: hosts }, () => ({}));
  const waiting: Array<Waiting | undefined> = new Array(hosts);
  const total = () => {
    const out: Record<string, number> = {};
    for (const node of graph.nodes) out[node.id] = 0;
    for (const p of processed) for (const [id, n] of Object.entries(p)) out[id] += n;
    return out;
  };
  const json = toJson(graph);
  const feeds = [...request.inputs];
  const inits = Array.from({ length: hosts }, (_, h): HostInit => ({
    t: "init",
    me: h,
    graph: json,
    counts: plan.layout.counts,
    processOf: plan.placement.processOf,
    feeds,
    peers: plan.peers[h],
    batch: BATCH,
    window: WINDOW,
    ...(request.onMonitor === undefined ? {} : { monitor: true }),
  }));
  const { promise, resolve, reject } = Promise.withResolvers<RunSummary>();
  promise.catch(() => {});
  let ready = 0;
  let hostPeakRss = 0;
  /** The host with the oldest unsettled PE call. */
  let stalled: number | undefined;
  let done = 0;
  let over = false;
  const stopWatching = watchStalls({
    read: () => {
      let sum = 0;
      for (const p of processed) for (const id in p) sum += p[id];
      stalled = waiting.reduce<number | undefined>(
        (a, w, h) => (w !== undefined && (a === undefined || w.millis > waiting[a]!.millis) ? h : a),
        undefined,
      );
      return { processed: sum, waiting: stalled === undefined ? undefined : waiting[stalled] };
    },
    timeout: request.stallTimeout,
    notice: request.log ?? stderrLine,
    fail: (e) => end(failure(e, stalled ?? 0)),
  });
  const end = (error?: unknown) => {
    if (over) return;
    over = true;
    stopWatching();
    options.stop();
    if (error === undefined) resolve({ processed: total(), millis: performance.now() - start, hostPeakRss });
    else reject(error);
  };
  const signal = request.signal;
  if (signal?.aborted) end(signal.reason);
  signal?.addEventListener("abort", () => end(signal.reason), { once: true });
  request.onProgress?.(total);

  const failure = (e: unknown, h: number): unknown => {
    if (e instanceof PeFailure) {
      if (!options.nameHost) return e;
      const { pe, instance, phase, data, cause, error } = e;
      return new PeFailure({ pe, instance, phase, data, cause, error, process: `${noun} ${h}` });
    }
    if (isMissingCode(e)) return e;
    const reason = e instanceof CodeNotFound
      ? `cannot load the workflow module: ${e.reason}`
      : e instanceof Error
      ? `${e.name}: ${e.message}`.split("\n")[0]
      : String(e);
    return new WorkerFailure({ worker: h, hosts: hosting(h), reason, noun });
  };

  return {
    inits,
    result: promise,
    lost: (h, reason) => end(new WorkerFailure({ worker: h, hosts: hosting(h), reason, noun })),
    receive: (h, m) => {
      if (over) return;
      switch (m.t) {
        case "ready":
          if (++ready === hosts) { for (let k = 0; k < hosts; k++) options.send(k, { t: "start" }); }
          break;
        case "results":
          try {
            deliverResults(graph, request.onResult, m.items);
          } catch (e) {
            // The results' destination failed (a closed pipe, a full disk): the run cannot go on.
            end(e);
            break;
          }
          options.send(h, { t: "ack", n: 1 });
          break;
        case "progress":
          processed[h] = m.processed;
          waiting[h] = m.waiting;
          break;
        case "monitor":
          request.onMonitor?.(m.report);
          break;
        case "done":
          processed[h] = m.processed;
          hostPeakRss = Math.max(hostPeakRss, m.peakRss);
          waiting[h] = undefined;
          if (++done === hosts) end();
          break;
        case "failed":
          end(failure(decodeError(m.error), h));
          break;
      }
    },
  };
};
