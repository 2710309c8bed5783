/**
 * Runs one benchmark case in this process and prints one JSON line: wall time of the run, peak
 * RSS (VmHWM, which covers the workers too: they are threads of this process) and the results,
 * for the driver to check.
 *
 *     deno run -A bench/measure.ts MODULE INPUTS_JSON [TARGET] [PROCESSES] [OPTIONS_JSON]
 *
 * OPTIONS_JSON: `{"monitor": DB}` records the run in a monitoring store (as `--monitor=DB`);
 * `{"planFrom": [DB, RUN]}` runs it with the allocation suggested for RUN (as `--plan-from`).
 *
 * @module
 */
import { prepare, runGraph } from "../api/run.ts";
import { loadWorkflowModule } from "../cli/run_module.ts";
import { toJson } from "../ir/json.ts";
import { planFrom, startRecording } from "../monitor/record.ts";
import { instanceCounts } from "../runtime/assign.ts";
import { peakRss } from "../runtime/host.ts";
import { targets } from "../targets/mod.ts";

const [module, inputs, target = "simple", processes, extra] = Deno.args;
const options = JSON.parse(extra ?? "{}") as { monitor?: string; planFrom?: [string, number] };
if (!(target in targets)) {
  throw new TypeError(`Unknown target "${target}": available: ${Object.keys(targets).join(", ")}`);
}
const { url, workflow } = await loadWorkflowModule(module);
const prepared = prepare(workflow, url);
const n = processes === undefined ? undefined : Number(processes);
const graph = options.planFrom === undefined
  ? prepared.graph
  : planFrom(options.planFrom[0], options.planFrom[1], prepared.graph, n);
const recording = options.monitor === undefined ? undefined : startRecording(options.monitor, {
  workflow: graph.name,
  module: graph.module,
  target,
  processes: n,
  counts: Object.fromEntries(instanceCounts(graph, n)),
  graph: toJson(graph),
});
const start = performance.now();
const { results, summary } = await runGraph(graph, prepared.loaded, {
  inputs: JSON.parse(inputs),
  target: targets[target],
  processes: n,
  onMonitor: recording?.onMonitor,
});
const millis = performance.now() - start;
recording?.end("done");
console.log(
  JSON.stringify({
    millis,
    // MPI ranks are processes of their own: the largest of theirs.
    rss: Math.max(peakRss(), summary.hostPeakRss ?? 0),
    processed: summary.processed,
    results: results.map((r) => r.data),
  }),
);
