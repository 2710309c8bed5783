/**
 * `deno task bench [--quick]`: throughput and peak memory of each target next to the original
 * system (dispel4py's simple, multi and mpi mappings), start-up time and the raw limits (a plain
 * loop, batches between two workers, batches between two MPI ranks), as one Markdown table on
 * stdout and `out/bench/results.json`. Each case runs in a fresh process, so peak RSS is its own;
 * its results are checked before its time counts; the median of the runs is reported, and ratios
 * compare cases measured side by side in this run.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { setup } from "../tools/setup.ts";
import { ensureOriginal, ORIGINAL } from "./original.ts";
import { jsonRows, markdownTable, RAW, type Row } from "./rows.ts";
import { type Check, Runner } from "./runner.ts";
import { benchSentiment } from "./sentiment.ts";
import { monitorRows } from "./monitor.ts";
import { measureStdioHost } from "./stdio_host.ts";
import { measureMpiTransport, measureTransport } from "./transport.ts";
import { runPySpark } from "./pyspark.ts";
import { writeText } from "./words.ts";
import { checkXcorr, seismoData, xcorrInputs } from "./xcorr.ts";
import { fileURLToPath } from "node:url";

const { values } = parseArgs({ args: Deno.args, options: { quick: { type: "boolean", default: false } } });
const quick = values.quick!;
/** Items in the pipeline, word count and groupBy cases (quick: a fifth, so that it takes about a minute). */
const N = quick ? 200_000 : 1_000_000;
const dir = new URL("../out/bench/", import.meta.url);
await Deno.mkdir(dir, { recursive: true });

// Open MPI, for the original's mpi mapping and the raw MPI rows (idempotent, quick when present).
const [mpi] = await setup(["mpi"]);
if (mpi.status !== "present") console.error(`setup mpi: ${mpi.status} (${mpi.detail})`);
const noMpi = mpi.status === "skipped" ? `${mpi.detail} (run: deno task setup mpi)` : undefined;
if (noMpi) console.error(`the MPI rows are not measured: ${noMpi}`);
const installed = await ensureOriginal(noMpi);
if ("missing" in installed) console.error(`the original is not measured: ${installed.missing}`);
else if (installed.mpiMissing) {
  console.error(`the original's mpi mapping is not measured: ${installed.mpiMissing}`);
}
const bench = new Runner(quick ? 1 : 3, "missing" in installed ? undefined : installed);

// PySpark, for the spark rows (a minute the first time; quick when present).
const [spark] = await setup(["spark"]);
const noSpark = spark.status === "skipped" ? `${spark.detail} (run: deno task setup spark)` : undefined;
if (noSpark) console.error(`the spark rows are not measured: ${noSpark}`);
// Storm, for the storm rows (quick once its launcher is built).
const [storm] = await setup(["storm"]);
const noStorm = storm.status === "skipped" ? `${storm.detail} (run: deno task setup storm)` : undefined;
if (noStorm) console.error(`the storm rows are not measured: ${noStorm}`);
/** The master of the spark rows: two threads, on this two-core machine as in the tests. */
const SPARK_MASTER = "local[2]";

const started = performance.now();
console.error(
  `dispel4ts bench against ${ORIGINAL}: ${
    quick
      ? "quick, a fifth of the items, 1 run per case, about a minute"
      : `median of ${bench.runs} runs per case, about 10 minutes`
  }`,
);

const sums = (r: Array<Array<number>>) => r.reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);
/** The original's rows for a workload: simple, then multi and mpi with `n` processes. */
const originals = async (
  run: (mapping: "simple" | "multi" | "mpi", n: number | undefined, base?: Row) => Promise<Row | undefined>,
  n = 4,
) => {
  const simple = await run("simple", undefined);
  return { simple, multi: await run("multi", n, simple), mpi: await run("mpi", n, simple) };
};

// Pipeline: numbers -> double -> addOne -> sink, checked by count and sum.
{
  const name = "pipeline, 4 PEs";
  const check = (items: number) => (r: Array<unknown>) => {
    const [count, sum] = sums(r as Array<Array<number>>);
    return count === items && sum === items * items ? undefined : `count ${count} sum ${sum}`;
  };
  const theirs = await originals((mapping, n, base) =>
    bench.theirs(name, N, "bench/python/pipeline.py", { numbers: [{ input: N }] }, mapping, n, check(N), base)
  );
  const ours = (items: number, target: string, n?: number, compare?: { base?: Row; original?: Row }) =>
    bench.ours(name, items, "bench/pipeline.ts", { numbers: [items] }, target, n, check(items), compare);
  const base = await ours(N, "simple", undefined, { original: theirs.simple });
  // The same pipeline with its two middle PEs as Effect Stream PEs, next to the callback form.
  await bench.ours(
    "pipeline, 4 PEs, 2 of them Stream PEs",
    N,
    "bench/stream_pipeline.ts",
    { numbers: [N] },
    "simple",
    undefined,
    check(N),
    { base },
  );
  const workers: Array<Row> = [];
  for (const n of [1, 2, 4]) {
    workers[n] = await ours(N, "workers", n, { base, original: n === 4 ? theirs.multi : undefined });
  }
  if (!noMpi) await ours(N, "mpi", 4, { base, original: theirs.mpi });
  if (!noSpark) await ours(N, "spark", 2, { base: workers[2] });
  // Storm on a LocalCluster started for the run: its start-up is a row of its own, with 0 items.
  if (!noStorm) await ours(N, "storm", 4, { base: workers[4] });
  if (!quick) {
    const base10 = await ours(1e7, "simple");
    await ours(1e7, "workers", 4, { base: base10 });
    // Peak RSS of an mpi row is the largest rank's: flat from 1M to 10M items.
    if (!noMpi) await ours(1e7, "mpi", 4, { base: base10 });
  }
  // What a workers run costs before any data moves: starting the workers, loading the module in each.
  await bench.ours(
    "start-up, pipeline with 0 items",
    0,
    "bench/pipeline.ts",
    { numbers: [0] },
    "workers",
    4,
    check(0),
  );
  // The same for storm: a LocalCluster, a topology with a task per instance, each a Deno process.
  if (!noStorm) {
    await bench.ours(
      "start-up, pipeline with 0 items",
      0,
      "bench/pipeline.ts",
      { numbers: [0] },
      "storm",
      4,
      check(0),
    );
  }
  // The same for spark: a Spark session, and a task per instance, each a Deno process.
  if (!noSpark) {
    await bench.ours(
      "start-up, pipeline with 0 items",
      0,
      "bench/pipeline.ts",
      { numbers: [0] },
      "spark",
      2,
      check(0),
    );
  }
  // The same for mpi: mpirun starting 4 ranks, each loading the module.
  if (!noMpi) {
    await bench.ours(
      "start-up, pipeline with 0 items",
      0,
      "bench/pipeline.ts",
      { numbers: [0] },
      "mpi",
      4,
      check(0),
    );
  }

  // The raw limit of one core: the pipeline's arithmetic as a plain loop, in this process.
  await bench.case(
    { case: "raw: the pipeline as a plain loop", system: RAW, target: "one thread", n: "", items: N, base },
    () => {
      const t = performance.now();
      let count = 0;
      let sum = 0;
      for (let x = 0; x < N; x++) {
        count++;
        sum += x * 2 + 1;
      }
      const millis = performance.now() - t;
      return Promise.resolve({ millis, wrong: count === N && sum === N * N ? undefined : `sum ${sum}` });
    },
  );
}

// Results: every data unit leaves the workflow (5 PEs in a line, no sink), checked by count.
{
  const name = "results, every item written out";
  const check = (r: Array<unknown>) => r.length === N ? undefined : `${r.length} results`;
  const ours = (target: string, n?: number, base?: Row) =>
    bench.ours(name, N, "examples/graph_testing/pipeline_test.ts", { TestProducer0: N }, target, n, check, {
      base,
    });
  const base = await ours("simple");
  for (const n of [1, 2, 4]) await ours("workers", n, base);
}

// Word count over generated text (N words), checked by total and distinct words.
{
  const name = "word count";
  const path = new URL(`words_${N / 10}.txt`, dir);
  const expected = await writeText(path, N / 10);
  const wrong = (distinct: number, total: number) =>
    total === expected.words && distinct === expected.distinct
      ? undefined
      : `${distinct} words, total ${total}`;
  const theirs = await originals((mapping, n, base) =>
    bench.theirs(
      name,
      N,
      "bench/python/wordcount.py",
      { read: [{ input: fileURLToPath(path) }] },
      mapping,
      n,
      (r) => wrong(r[0]?.[0], r[0]?.[1]),
      base,
    )
  );
  const check: Check<Array<unknown>> = (r) => {
    const pairs = r as Array<[string, number]>;
    return wrong(pairs.length, pairs.reduce((s, [, c]) => s + c, 0));
  };
  const ours = (target: string, n?: number, compare?: { base?: Row; original?: Row }) =>
    bench.ours(name, N, "examples/word_count.ts", { read: [fileURLToPath(path)] }, target, n, check, compare);
  const base = await ours("simple", undefined, { original: theirs.simple });
  if (!quick) {
    const big = new URL("words_1000000.txt", dir);
    const total = await writeText(big, 1_000_000);
    await bench.ours(
      name,
      total.words,
      "examples/word_count.ts",
      { read: [fileURLToPath(big)] },
      "simple",
      undefined,
      (r) => r.length === total.distinct ? undefined : `${r.length} words`,
    );
  }
  const workers: Array<Row> = [];
  for (const n of [1, 2, 4]) {
    workers[n] = await ours("workers", n, { base, original: n === 4 ? theirs.multi : undefined });
  }
  if (!noMpi) await ours("mpi", 4, { base, original: theirs.mpi });
  if (!noSpark) {
    // The same count written directly in PySpark (reduceByKey), start-up included on both sides.
    const native = await bench.case(
      { case: name, system: "PySpark 4.3.0", target: SPARK_MASTER, n: "", items: N },
      async () => {
        const t = performance.now();
        const r = await runPySpark(["bench/python/spark_wordcount.py", SPARK_MASTER, fileURLToPath(path)]);
        return { millis: performance.now() - t, wrong: wrong(r.distinct as number, r.total as number) };
      },
    );
    await ours("spark", 2, { base: workers[2], original: native });
  }
  if (!noStorm) await ours("storm", 4, { base: workers[4] });
}

// GroupBy over 10,000 keys, checked by distinct keys and total count.
{
  const name = "groupBy, 10,000 keys";
  const check = (r: Array<unknown>) => {
    const [distinct, total] = sums(r as Array<Array<number>>);
    return distinct === 10_000 && total === N ? undefined : `${distinct} keys, total ${total}`;
  };
  const theirs = await originals((mapping, n, base) =>
    bench.theirs(
      name,
      N,
      "bench/python/group_by.py",
      { keys: [{ input: [N, 10_000] }] },
      mapping,
      n,
      check,
      base,
    )
  );
  const ours = (target: string, n?: number, compare?: { base?: Row; original?: Row }) =>
    bench.ours(name, N, "bench/group_by.ts", { keys: [[N, 10_000]] }, target, n, check, compare);
  const base = await ours("simple", undefined, { original: theirs.simple });
  for (const n of [1, 2, 4]) await ours("workers", n, { base, original: n === 4 ? theirs.multi : undefined });
}

// Sentiment of generated news articles (examples/sentiment): CSV parsing, AFINN, groupBy, allToOne.
await benchSentiment(bench, { articles: quick ? 200_000 : 1_000_000, dir, mpi: !noMpi });

// CPU-bound: about 2 ms per item; workers -n 1 is the base of the speed-ups. The original's
// multi and mpi run its work PE twice with 5 processes (the source takes one, and the work PE
// and the sink share the other four), like -n 2 here; with 4 they run it once.
{
  const name = "CPU-bound, ~2 ms per item";
  const jobs = quick ? 500 : 2000;
  // Every job once: `jobs` results whose ids sum to 0 + 1 + ... + (jobs - 1).
  const wrong = (count: number, sum: number) =>
    count === jobs && sum === (jobs * (jobs - 1)) / 2 ? undefined : `${count} results, ids summing to ${sum}`;
  const theirs = await originals((mapping, n, base) =>
    bench.theirs(
      name,
      jobs,
      "bench/python/cpu.py",
      { jobs: [{ input: jobs }] },
      mapping,
      n,
      (r) => wrong(...sums(r) as [number, number]),
      base,
    ), 5);
  const check = (r: Array<unknown>) => {
    const ids = (r as Array<[number, number]>).map(([id]) => id);
    return wrong(ids.length, ids.reduce((a, b) => a + b, 0));
  };
  const ours = (target: string, n?: number, compare?: { base?: Row; original?: Row }) =>
    bench.ours(name, jobs, "bench/cpu.ts", { jobs: [jobs] }, target, n, check, compare);
  await ours("simple", undefined, { original: theirs.simple });
  const base = await ours("workers", 1);
  for (const n of [2, 3, 4]) await ours("workers", n, { base, original: n === 2 ? theirs.multi : undefined });
}

// Ambient-noise cross-correlation (examples/seismo, the paper's xcorr): 50 stations of an hour at
// 10 Hz, 1,225 pairs, checked against the data's truth; `deno task bench:xcorr` runs 1,000.
{
  const stations = 50;
  const data = seismoData(stations);
  const ours = (target: string, n?: number, base?: Row) =>
    bench.ours(
      `xcorr, ${stations} stations (pairs)`,
      (stations * (stations - 1)) / 2,
      "examples/seismo/xcorr.ts",
      xcorrInputs(data),
      target,
      n,
      checkXcorr(data, stations),
      { base },
    );
  const base = await ours("simple");
  await ours("workers", 4, base);
  if (!noMpi) await ours("mpi", 4, base);
}

// Start-up: the whole process, word count on a one-line file.
{
  const oneLine = new URL("one_line.txt", dir);
  await Deno.writeTextFile(oneLine, "the quick brown fox\n");
  await bench.case(
    {
      case: "start-up, word_count.ts on a one-line file",
      system: "dispel4ts",
      target: "simple",
      n: "",
      items: 4,
    },
    async () => {
      const t = performance.now();
      const out = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "examples/word_count.ts",
          "-d",
          JSON.stringify({ read: [fileURLToPath(oneLine)] }),
        ],
        cwd: new URL("../", import.meta.url),
      }).output();
      const lines = new TextDecoder().decode(out.stdout).trim().split("\n").length;
      return {
        millis: performance.now() - t,
        wrong: out.success && lines === 4 ? undefined : `${lines} lines`,
      };
    },
    quick ? 3 : 7,
  );
}

// The transports' raw limits: batches of 4,096 between two workers, and between two MPI ranks.
for (const kind of ["numbers", "words", "records"] as const) {
  const items = 1e6;
  const workers: Partial<Record<"clone" | "msgpack", Row>> = {};
  for (const mode of ["clone", "msgpack"] as const) {
    const how = mode === "clone" ? "structured clone" : "msgpackr + transfer";
    workers[mode] = await bench.case(
      {
        case: `raw transport, ${kind}, ${how}`,
        system: RAW,
        target: "2 workers",
        n: "",
        items,
        base: workers.clone,
      },
      async () => {
        const r = await measureTransport(mode, kind, items);
        return { millis: r.millis, wrong: r.ok ? undefined : "lost or changed data units" };
      },
    );
  }
  // The stdio PE host: every data unit a result, framed in the wire codec over the host's stdout.
  if (kind !== "words") {
    await bench.case(
      {
        case: `stdio PE host, ${kind} as results`,
        system: RAW,
        target: "1 subprocess",
        n: "",
        items,
        base: workers.msgpack,
      },
      async () => {
        const r = await measureStdioHost(kind, items);
        return { millis: r.millis, wrong: r.ok ? undefined : "lost or changed data units" };
      },
    );
  }
  if (noMpi) continue;
  for (const mode of ["clone", "msgpack"] as const) {
    const how = mode === "clone" ? "node:v8 serialize" : "msgpackr";
    await bench.case(
      {
        case: `raw MPI streaming, ${kind}, ${how}`,
        system: RAW,
        target: "2 MPI ranks",
        n: "",
        items,
        base: workers[mode],
      },
      async () => {
        const r = await measureMpiTransport(mode, kind, items);
        return { millis: r.millis, wrong: r.ok ? undefined : "lost or changed data units" };
      },
    );
  }
}

// Monitoring: what --monitor costs, and what --plan-from's allocation gains.
await monitorRows(bench, N);

console.log(markdownTable(bench.rows));
const report = {
  date: new Date().toISOString(),
  quick,
  runs: bench.runs,
  cores: navigator.hardwareConcurrency,
  deno: Deno.version.deno,
  rows: jsonRows(bench.rows),
};
await Deno.writeTextFile(new URL("results.json", dir), JSON.stringify(report, null, 2));
console.error(
  `done in ${((performance.now() - started) / 1000).toFixed(1)} s; JSON in out/bench/results.json`,
);
if (bench.rows.some((r) => r.check !== "ok")) Deno.exit(1);
