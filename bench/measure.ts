/**
 * Runs one benchmark case in this process and prints one JSON line: wall time of the run, peak
 * RSS (VmHWM) and the results, for the driver to check.
 *
 *     deno run -A bench/measure.ts MODULE INPUTS_JSON
 *
 * @module
 */
import { prepare, runGraph } from "../api/run.ts";
import { loadWorkflowModule } from "../cli/run_module.ts";

const peakRss = (): number => {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
};

const [module, inputs] = Deno.args;
const { url, workflow } = await loadWorkflowModule(module);
const start = performance.now();
const { results, summary } = await Effect.runPromise(
  run(workflow, { module: url, inputs: JSON.parse(inputs) }),
);
const millis = performance.now() - start;
console.log(
  JSON.stringify({
    millis,
    rss: peakRss(),
    processed: summary.processed,
    results: results.map((r) => r.data),
  }),
);
