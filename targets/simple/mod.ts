/**
 * The `simple` target: every PE instance in this process, sequential and streaming. It is the
 * reference semantics the other targets are tested against.
 *
 * @module
 */
import { instanceCounts } from "../../runtime/assign.ts";
import { redirectConsole, stderrLine } from "../../runtime/console.ts";
import { Executor } from "../../runtime/executor.ts";
import { layout } from "../../runtime/layout.ts";
import { loadCode, openServices } from "../../runtime/load.ts";
import { LIVE_REPORT_MS } from "../../runtime/monitor.ts";
import { watchStalls } from "../../runtime/stall.ts";
import type { Target } from "../../runtime/target.ts";

/**
 * Runs a graph in this process. With `processes`, PEs get the instance counts a parallel target
 * would give them, run one after another.
 *
 * @example Run a graph from its JSON form
 * ```ts
 * import * as W from "../../dsl/mod.ts";
 * import { fromJson, toJson } from "../../ir/mod.ts";
 * import { rootInputs } from "../../runtime/mod.ts";
 * import { simple } from "./mod.ts";
 * const p = W.pe(W.producer("p", (i: number) => i + 1));
 * const wf = W.workflow("wf", [p]);
 * const graph = fromJson(toJson(W.compile(wf, "mem:wf")));
 * const out: unknown[] = [];
 * await simple.run({ graph, inputs: rootInputs(graph, { p: 3 }), loaded: new Map([["mem:wf", { wf }]]), onResult: (_pe, _port, d) => out.push(d) });
 * out; // => [1, 2, 3]
 * ```
 */
export const simple: Target = {
  name: "simple",
  run: async (request) => {
    const code = await loadCode(request.graph, request.loaded);
    const services = await openServices(request.graph, request.loaded);
    const progress = request.onProgress;
    const monitor = request.onMonitor;
    // A monitored run reports as it goes, as hosts do: from the executor's ticks, since a
    // synchronous run gives timers no turn.
    let liveAt = performance.now() + LIVE_REPORT_MS;
    const live = monitor && (() => {
      if (performance.now() < liveAt) return;
      liveAt = performance.now() + LIVE_REPORT_MS;
      monitor(executor.monitorReport(0, [], false)!);
    });
    const tick = progress || live
      ? () => {
        progress?.(() => executor.processed());
        live?.();
      }
      : undefined;
    const executor: Executor = new Executor({
      graph: request.graph,
      layout: layout(request.graph, instanceCounts(request.graph, request.processes)),
      code,
      onResult: request.onResult,
      onTick: tick,
      log: request.log,
      signal: request.signal,
      services: services?.handle,
      monitor: monitor !== undefined,
    });
    progress?.(() => executor.processed());
    const restoreConsole = redirectConsole(() => executor.currentInstance);
    const stalled = Promise.withResolvers<never>();
    stalled.promise.catch(() => {});
    // A PE call that never settles must not keep an aborted run waiting.
    request.signal?.addEventListener("abort", () => stalled.reject(request.signal!.reason), { once: true });
    const stopWatching = watchStalls({
      read: () => ({
        processed: Object.values(executor.processed()).reduce((a, b) => a + b, 0),
        waiting: executor.waiting(),
      }),
      timeout: request.stallTimeout,
      notice: request.log ?? stderrLine,
      fail: stalled.reject,
    });
    try {
      return await Promise.race([executor.run(request.inputs), stalled.promise]);
    } catch (e) {
      // The abort surfaces inside some PE's write; the run ends because of the signal, not the PE.
      throw request.signal?.aborted ? request.signal.reason : e;
    } finally {
      const report = monitor && executor.monitorReport(0);
      if (report !== undefined) monitor!(report);
      stopWatching();
      await executor.close();
      restoreConsole();
      await services?.close();
    }
  },
};
