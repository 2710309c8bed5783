/**
 * The `workers` target (alias `multi`): PE instances spread over Deno Web Workers in one process.
 *
 * Each worker runs the shared PE host (`runtime/host.ts`); the shared coordinator runs on the
 * main thread. This module only moves their messages: `postMessage` to and from each worker, and
 * a MessageChannel between every pair of workers that exchange data. Routing, hashing,
 * termination and flow control are the shared ones in `runtime/`.
 *
 * @module
 */
import type { Graph } from "../../ir/graph.ts";
import { coordinate, planHosts } from "../../runtime/coordinator.ts";
import { requireModuleUrl } from "../../runtime/load.ts";
import type { RunSummary } from "../../runtime/executor.ts";
import type { FromHost } from "../../runtime/host_protocol.ts";
import { describePlacement } from "../../runtime/placement.ts";
import type { RunRequest, Target } from "../../runtime/target.ts";
import type { ToWorker } from "./protocol.ts";

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
  const workers = Math.min(n, options.maxWorkers ?? navigator.hardwareConcurrency);
  return { n, plan: planHosts(graph, n, workers) };
};

const run = (request: RunRequest, options: WorkersOptions): Promise<RunSummary> => {
  const { graph } = request;
  try {
    requireModuleUrl(graph, "workers");
  } catch (e) {
    return Promise.reject(e);
  }
  const hosts = plan(graph, request.processes, options).plan;
  const workers = Array.from(
    { length: hosts.processes },
    (_, w) =>
      new Worker(new URL("./worker.ts", import.meta.url).href, { type: "module", name: `dispel4ts-${w}` }),
  );
  const coordinator = coordinate({
    request,
    plan: hosts,
    noun: "worker",
    send: (w, m) => workers[w].postMessage(m satisfies ToWorker),
    stop: () => {
      for (const w of workers) w.terminate();
    },
  });
  const ports = workers.map(() => new Map<number, MessagePort>());
  for (const [a, b] of hosts.pairs) {
    const channel = new MessageChannel();
    ports[a].set(b, channel.port1);
    ports[b].set(a, channel.port2);
  }
  workers.forEach((worker, w) => {
    worker.onmessage = (e: MessageEvent<FromHost>) => coordinator.receive(w, e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      coordinator.lost(w, `crashed: ${e.message}`);
    };
    const init = coordinator.inits[w];
    const peerPorts = init.peers.map((p) => ports[w].get(p.process)!);
    const m: ToWorker = { t: "init", init, ports: peerPorts };
    worker.postMessage(m, peerPorts);
  });
  return coordinator.result;
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
    const { n, plan: p } = plan(graph, processes, options);
    return [`-n ${n}: ${p.processes} workers`, ...describePlacement(p.layout, p.placement, "worker")];
  },
  run: (request) => run(request, options),
});

/** The `workers` target with default options. */
export const workers: Target = makeWorkers();
