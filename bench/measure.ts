/**
 * Runs one benchmark case in this process and prints one JSON line: wall time of the run, peak
 * RSS (VmHWM, which covers the workers too: they are threads of this process) and the results,
 * for the driver to check.
 *
 *     deno run -A bench/measure.ts MODULE INPUTS_JSON [TARGET] [PROCESSES]
 *
 * @module
 */
import { prepare, runGraph } from "../api/run.ts";
import { loadWorkflowModule } from "../cli/run_module.ts";
import { peakRss } from "../runtime/host.ts";
import { targets } from "../targets/mod.ts";

const [module, inputs, target = "simple", processes] = Deno.args;
if (!(target in targets)) {
  throw new TypeError(`Unknown target "${target}": available: ${Object.keys(targets).join(", ")}`);
}
const { url, workflow } = await loadWorkflowModule(module);
const { graph, loaded } = prepare(workflow, url);
const start = performance.now();
const { results, summary } = await runGraph(graph, loaded, {
  inputs: JSON.parse(inputs),
  target: targets[target],
  processes: processes === undefined ? undefined : Number(processes),
});
const millis = performance.now() - start;
console.log(
  JSON.stringify({
    millis,
    // MPI ranks are processes of their own: the largest of theirs.
    rss: Math.max(peakRss(), summary.hostPeakRss ?? 0),
    processed: summary.processed,
    results: results.map((r) => r.data),
  }),
);
