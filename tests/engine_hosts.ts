/**
 * Targets for tests that run every PE instance in an {@link EngineHost} of its own, on the main
 * thread, moving payloads the way the engines do: `staged` runs node after node, each instance
 * given its whole input and then told it ended (Spark's stages); `streaming` runs every instance
 * at once and delivers payloads as they are sent (Storm's tasks). They test the engine host and
 * the engine layout without an engine.
 *
 * @module
 */
import { topologicalOrder } from "../ir/topology.ts";
import { deliverResults } from "../runtime/coordinator.ts";
import { EngineHost, planEngine } from "../runtime/engine_host.ts";
import { decodeError } from "../runtime/failure_codec.ts";
import type { FromHost } from "../runtime/host_protocol.ts";
import type { RunRequest, Target } from "../runtime/target.ts";

const later = (f: () => void) => setTimeout(f, 0);

/** Sums the hosts' processed counts and hands results to the request. */
const driver = (request: RunRequest) => {
  const { graph } = request;
  const processed: Record<string, number> = Object.fromEntries(graph.nodes.map((n) => [n.id, 0]));
  return {
    processed,
    receive: (m: FromHost): "done" | "failed" | undefined => {
      if (m.t === "results") {
        deliverResults(graph, request.onResult, m.items);
      } else if (m.t === "done") {
        for (const [id, n] of Object.entries(m.processed)) processed[id] += n;
        return "done";
      } else if (m.t === "failed") throw decodeError(m.error);
      return undefined;
    },
  };
};

/** Node after node; each instance gets its whole input, then the end of it. */
export const staged: Target = {
  name: "staged engine hosts",
  run: async (request) => {
    const start = performance.now();
    const { layout, init } = planEngine(request.graph, request.processes ?? 2, request.inputs);
    const inbox: Array<Array<Uint8Array>> = Array.from({ length: layout.total }, () => []);
    const d = driver(request);
    for (const node of topologicalOrder(request.graph)) {
      const n = layout.index.get(node.id)!;
      await Promise.all(Array.from({ length: layout.counts[n] }, (_, k) => {
        const gid = layout.offsets[n] + k;
        const { promise, resolve, reject } = Promise.withResolvers<void>();
        const engine = new EngineHost({
          toInstance: (to, payload) => {
            inbox[to].push(payload.slice());
          },
          toDriver: (m) => {
            try {
              if (d.receive(structuredClone(m)) === "done") resolve();
            } catch (e) {
              reject(e);
            }
          },
        }, { log: request.log });
        engine.start(init, gid);
        for (const payload of inbox[gid].splice(0)) engine.receive(payload);
        engine.endOfInput();
        return promise.finally(() => engine.host.close());
      }));
    }
    return { processed: d.processed, millis: performance.now() - start };
  },
};

/** Every instance at once; payloads delivered on a later turn, as they are sent. */
export const streaming: Target = {
  name: "streaming engine hosts",
  run: (request) => {
    const start = performance.now();
    const { layout, init } = planEngine(request.graph, request.processes ?? 2, request.inputs);
    const d = driver(request);
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    let done = 0;
    const engines: Array<EngineHost> = [];
    for (let gid = 0; gid < layout.total; gid++) {
      engines.push(
        new EngineHost({
          toInstance: (to, payload) => {
            const copy = payload.slice();
            later(() => engines[to].receive(copy));
          },
          toDriver: (m) => {
            try {
              if (d.receive(structuredClone(m)) === "done" && ++done === layout.total) resolve();
            } catch (e) {
              reject(e);
            }
          },
        }, { log: request.log }),
      );
    }
    engines.forEach((e, gid) => e.start(init, gid));
    return promise
      .then(() => ({ processed: d.processed, millis: performance.now() - start }))
      .finally(() => Promise.all(engines.map((e) => e.host.close())));
  },
};
