/**
 * The `workers` target (alias `multi`): PE instances spread over Deno Web Workers in one process.
 *
 * The coordinator (this module, on the main thread) places instances on at most `-n` workers,
 * links every pair of workers that exchange data with a MessageChannel, collects results, and
 * ends the run when every worker is done, or at the first failure, terminating all workers.
 * Routing, hashing, termination and flow control are the shared ones in `runtime/`.
 *
 * @module
 */
import type { Graph } from "../../ir/graph.ts";
import { toJson } from "../../ir/json.ts";
import { instanceCounts } from "../../runtime/assign.ts";
import { BadInput, PeFailure, WorkerFailure } from "../../runtime/errors.ts";
import type { RunSummary } from "../../runtime/executor.ts";
import { layout } from "../../runtime/layout.ts";
import { cyclicChannels, describePlacement, links, place } from "../../runtime/placement.ts";
import type { RunRequest, Target } from "../../runtime/target.ts";
import { readBatch } from "../../runtime/outbox.ts";
import type { FailureData, FromWorker, Init, ToWorker } from "./protocol.ts";

/** Data units per batch between workers. */
export const BATCH = 4096;
/** Batches in flight per link before writers wait. */
export const WINDOW = 4;

/** Options of {@link makeWorkers}. */
export interface WorkersOptions {
  /**
   * The most workers to start (default: the number of cores). Instances beyond it share
   * workers: on a 2-core machine, 4 workers would only add hand-offs between threads competing
   * for the same cores.
   */
  readonly maxWorkers?: number;
}

const plan = (graph: Graph, processes: number | undefined, options: WorkersOptions) => {
  const n = processes ?? navigator.hardwareConcurrency;
  const l = layout(graph, instanceCounts(graph, n));
  const workers = Math.max(1, Math.min(n, options.maxWorkers ?? navigator.hardwareConcurrency));
  return { n, l, placement: place(graph, l, workers) };
};

/** The typed error a worker's failure report stands for. */
const rebuild = (e: FailureData, worker: number, hosts: string): Error => {
  if (e.tag === "PeFailure") return new PeFailure(e.fields as never);
  const reason = e.tag === "CodeNotFound"
    ? `cannot load the workflow module: ${e.fields.reason}`
    : e.message.split("\n")[0];
  return new WorkerFailure({ worker, hosts, reason });
};

const run = (request: RunRequest, options: WorkersOptions): Promise<RunSummary> => {
  const { graph } = request;
  if (!/^(file|https?|data):/.test(graph.module)) {
    return Promise.reject(
      new BadInput({
        reason: `The workers target loads PE code by module URL, and "${graph.module}" is not one: ` +
          `pass the module's import.meta.url (W.collect(wf, { module: import.meta.url }))`,
      }),
    );
  }
  const start = performance.now();
  const { l, placement } = plan(graph, request.processes, options);
  const linked = links(graph, l, placement);
  const cyclic = cyclicChannels(placement.processes, linked);
  const workers = Array.from(
    { length: placement.processes },
    (_, w) =>
      new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module", name: `dispel4ts-${w}` }),
  );
  const peers = workers.map(() => [] as Array<Init["peers"][number]>);
  const pairs = new Map(linked.map(([a, b]) => [`${Math.min(a, b)},${Math.max(a, b)}`, [a, b] as const]));
  for (const [a, b] of pairs.values()) {
    const channel = new MessageChannel();
    peers[a].push({ worker: b, port: channel.port1, blocking: !cyclic[a][b] });
    peers[b].push({ worker: a, port: channel.port2, blocking: !cyclic[b][a] });
  }
  const processed = workers.map(() => ({} as Readonly<Record<string, number>>));
  const total = () => {
    const out: Record<string, number> = {};
    for (const node of graph.nodes) out[node.id] = 0;
    for (const p of processed) for (const [id, n] of Object.entries(p)) out[id] += n;
    return out;
  };
  request.onProgress?.(total);
  const ports = graph.nodes.map((n) => n.outputs);
  const described = describePlacement(l, placement, "worker");
  const hosting = (w: number) => described[w].slice(described[w].indexOf(": ") + 2);

  return new Promise<RunSummary>((resolve, reject) => {
    let ready = 0;
    let done = 0;
    let over = false;
    const end = (error?: unknown) => {
      if (over) return;
      over = true;
      for (const w of workers) w.terminate();
      if (error === undefined) resolve({ processed: total(), millis: performance.now() - start });
      else reject(error);
    };
    const signal = request.signal;
    if (signal?.aborted) return end(signal.reason);
    signal?.addEventListener("abort", () => end(signal.reason), { once: true });
    workers.forEach((worker, w) => {
      const send = (m: ToWorker, transfer: Array<Transferable> = []) => worker.postMessage(m, transfer);
      worker.onmessage = (e: MessageEvent<FromWorker>) => {
        if (over) return;
        const m = e.data;
        switch (m.t) {
          case "ready":
            if (++ready === workers.length) {
              for (const other of workers) other.postMessage({ t: "start" });
            }
            break;
          case "results":
            try {
              readBatch(m.items, (node, port, data) => {
                request.onResult(graph.nodes[node].id, ports[node][port], data);
              }, () => {});
            } catch (e) {
              // The results' destination failed (a closed pipe, a full disk): the run cannot go on.
              end(e);
              break;
            }
            send({ t: "ack", n: 1 });
            break;
          case "progress":
            processed[w] = m.processed;
            break;
          case "done":
            processed[w] = m.processed;
            if (++done === workers.length) end();
            break;
          case "failed":
            end(rebuild(m.error, w, hosting(w)));
            break;
        }
      };
      worker.onerror = (e) => {
        e.preventDefault();
        end(new WorkerFailure({ worker: w, hosts: hosting(w), reason: `crashed: ${e.message}` }));
      };
      const init: Init = {
        t: "init",
        me: w,
        graph: toJson(graph),
        counts: l.counts,
        processOf: placement.processOf,
        feeds: [...request.inputs],
        peers: peers[w],
        batch: BATCH,
        window: WINDOW,
      };
      send(init, peers[w].map((p) => p.port));
    });
  });
};

/**
 * A `workers` target. `-n N` sets the instance counts (as on every target); the instances are
 * placed on at most `maxWorkers` workers.
 *
 * @example Square numbers with the instance counts of -n 2
 * ```ts
 * import * as W from "../../mod.ts";
 * import { makeWorkers } from "./mod.ts";
 * const { workflow } = await import("../../examples/graph_testing/pipeline_test.ts");
 * const url = new URL("../../examples/graph_testing/pipeline_test.ts", import.meta.url).href;
 * const target = makeWorkers({ maxWorkers: 2 });
 * const results = await W.collect(workflow, { target, processes: 2, module: url, iterations: 3 });
 * results.map((r) => r.data).sort(); // => [1, 2, 3]
 * ```
 */
export const makeWorkers = (options: WorkersOptions = {}): Target => ({
  name: "workers",
  plan: (graph, processes) => {
    const { n, l, placement } = plan(graph, processes, options);
    return [`-n ${n}: ${placement.processes} workers`, ...describePlacement(l, placement, "worker")];
  },
  run: (request) => run(request, options),
});

/** The `workers` target with default options. */
export const workers: Target = makeWorkers();
