/**
 * The bench's monitoring rows: what `--monitor` costs the 1,000,000-item pipeline on
 * `workers -n 4`, and what `--plan-from` gains on a pipeline with one PE ten times slower than
 * the others (`bench/skewed.ts`) on `workers -n 4`. Run alone, only these rows:
 *
 *     deno run -A bench/monitor.ts [--quick]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { Store } from "../monitor/store.ts";
import { markdownTable, type Row } from "./rows.ts";
import { Runner } from "./runner.ts";

const sums = (r: Array<unknown>) =>
  (r as Array<[number, number]>).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
const check = (items: number) => (r: Array<unknown>) => {
  const [count, sum] = sums(r);
  return count === items && sum === (items * (items - 1)) / 2 ? undefined : `count ${count} sum ${sum}`;
};

/** Adds the monitoring rows to `bench`; `items` for the pipeline, a twentieth of them for the skewed one. */
export const monitorRows = async (bench: Runner, items: number): Promise<Array<Row>> => {
  const dir = await Deno.makeTempDir({ prefix: "dispel4ts-bench-monitor-" });
  const db = `${dir}/monitor.db`;
  try {
    const name = "pipeline, 4 PEs";
    // pipeline.ts's sink sums x * 2 + 1: count² over 0..count-1.
    const pipelineCheck = (r: Array<unknown>) => {
      const [count, sum] = sums(r);
      return count === items && sum === items * items ? undefined : `count ${count} sum ${sum}`;
    };
    const inputs = { numbers: [items] };
    const base = await bench.ours(name, items, "bench/pipeline.ts", inputs, "workers", 4, pipelineCheck);
    const monitored = await bench.ours(
      `${name}, --monitor`,
      items,
      "bench/pipeline.ts",
      inputs,
      "workers",
      4,
      pipelineCheck,
      { base },
      { monitor: db },
    );
    const skewed = Math.round(items / 20);
    const skewedName = "skewed pipeline, one PE 10× slower";
    const plain = await bench.ours(
      `${skewedName}, default allocation`,
      skewed,
      "bench/skewed.ts",
      { numbers: [skewed] },
      "workers",
      4,
      check(skewed),
    );
    // One monitored run with the default allocation, for the suggestion (not timed).
    const monitoredRun = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "bench/measure.ts",
        "bench/skewed.ts",
        JSON.stringify({ numbers: [skewed] }),
        "workers",
        "4",
        JSON.stringify({ monitor: db }),
      ],
      cwd: new URL("../", import.meta.url),
      stdout: "null",
    }).output();
    if (!monitoredRun.success) throw new Error("the monitored run of bench/skewed.ts failed");
    const store = Store.open(db, { readOnly: true });
    const run = store.runs().find((r) => r.workflow === "skewed")!.id;
    store.close();
    const planned = await bench.ours(
      `${skewedName}, --plan-from`,
      skewed,
      "bench/skewed.ts",
      { numbers: [skewed] },
      "workers",
      4,
      check(skewed),
      { base: plain },
      { planFrom: [db, run] },
    );
    return [base, monitored, plain, planned];
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
};

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { quick: { type: "boolean", default: false } } });
  const bench = new Runner(values.quick ? 1 : 5, undefined);
  await monitorRows(bench, values.quick ? 200_000 : 1_000_000);
  console.log(markdownTable(bench.rows));
  if (bench.rows.some((r) => r.check !== "ok")) Deno.exit(1);
}
