/**
 * The bench's monitoring rows: what `--monitor` costs the 1,000,000-item pipeline on
 * `workers -n 4`, and what `--plan-from` gains on a pipeline with one PE ten times slower than
 * the others (`bench/skewed.ts`) on `workers -n 4`. Each pair of rows is measured alternately,
 * run for run, so that a machine whose load changes treats both alike. Run alone, only these
 * rows:
 *
 *     deno run -A bench/monitor.ts [--quick]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { Store } from "../monitor/store.ts";
import { markdownTable, type Row } from "./rows.ts";
import { type Check, measure, type Run, Runner } from "./runner.ts";

const sums = (r: Array<unknown>) =>
  (r as Array<[number, number]>).reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);

/** One case: a module, its inputs and check, and options for `bench/measure.ts`. */
interface Case {
  readonly name: string;
  readonly module: string;
  readonly items: number;
  readonly check: Check<Array<unknown>>;
  readonly options?: unknown;
}

/**
 * Measures two cases on `workers -n 4` alternately, `rounds` times, and adds their rows (medians),
 * the second compared with the first.
 */
const pair = async (bench: Runner, a: Case, b: Case, rounds = bench.runs): Promise<[Row, Row]> => {
  const runs: [Array<Run>, Array<Run>] = [[], []];
  let failed: string | undefined;
  for (let i = 0; i < rounds && failed === undefined; i++) {
    for (const [k, c] of [a, b].entries()) {
      try {
        const m = await measure(c.module, { numbers: [c.items] }, "workers", 4, c.options);
        runs[k].push({ millis: m.millis, rss: m.rss, wrong: c.check(m.results as Array<unknown>) });
      } catch (e) {
        failed = (e as Error).message;
      }
    }
  }
  const row = (c: Case, k: number, base?: Row) => {
    let i = 0;
    return bench.case(
      { case: c.name, system: "dispel4ts", target: "workers", n: "4", items: c.items, base },
      () => failed === undefined ? Promise.resolve(runs[k][i++]) : Promise.reject(new Error(failed)),
      runs[k].length || 1,
    );
  };
  const first = await row(a, 0);
  return [first, await row(b, 1, first)];
};

/** Adds the monitoring rows to `bench`; `items` for the pipeline, a twentieth of them for the skewed one. */
export const monitorRows = async (bench: Runner, items: number): Promise<Array<Row>> => {
  const dir = await Deno.makeTempDir({ prefix: "dispel4ts-bench-monitor-" });
  const db = `${dir}/monitor.db`;
  try {
    // pipeline.ts's sink sums x * 2 + 1: count² over 0..count-1.
    const pipelineCheck = (r: Array<unknown>) => {
      const [count, sum] = sums(r);
      return count === items && sum === items * items ? undefined : `count ${count} sum ${sum}`;
    };
    const pipeline = { name: "pipeline, 4 PEs", module: "bench/pipeline.ts", items, check: pipelineCheck };
    // A difference of a few percent in runs of a quarter second, on a shared machine: more
    // rounds than the other rows, which are cheap at that length.
    const overhead = await pair(bench, pipeline, {
      ...pipeline,
      name: "pipeline, 4 PEs, --monitor",
      options: { monitor: db },
    }, Math.max(bench.runs, 9));
    const skewed = Math.round(items / 20);
    const skewedCheck = (r: Array<unknown>) => {
      const [count, sum] = sums(r);
      return count === skewed && sum === (skewed * (skewed - 1)) / 2
        ? undefined
        : `count ${count} sum ${sum}`;
    };
    // One monitored run with the default allocation, for the suggestion (not timed).
    await measure("bench/skewed.ts", { numbers: [skewed] }, "workers", 4, { monitor: db });
    const store = Store.open(db, { readOnly: true });
    const run = store.runs().find((r) => r.workflow === "skewed")!.id;
    store.close();
    const name = "skewed pipeline, one PE 10× slower";
    const speedUp = await pair(
      bench,
      { name: `${name}, default allocation`, module: "bench/skewed.ts", items: skewed, check: skewedCheck },
      {
        name: `${name}, --plan-from`,
        module: "bench/skewed.ts",
        items: skewed,
        check: skewedCheck,
        options: { planFrom: [db, run] },
      },
    );
    return [...overhead, ...speedUp];
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
