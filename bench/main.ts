/**
 * `deno task bench [--quick]`: throughput and peak memory of each target, start-up time and the
 * transport's raw limit, as one Markdown table (and `out/bench/results.json`). Each case runs in
 * a fresh process, so peak RSS is its own; its results are checked before its time counts; the
 * median of the runs is reported, and ratios compare cases measured side by side in this run.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { seeded } from "../examples/graph_testing/testing_pes.ts";
import { ensureOriginal, ORIGINAL, runOriginal } from "./original.ts";
import { measureTransport } from "./transport.ts";

const { values } = parseArgs({ args: Deno.args, options: { quick: { type: "boolean", default: false } } });
const quick = values.quick!;
const runs = quick ? 1 : 3;
/** Items in the pipeline, word count and groupBy cases (quick: a fifth, so that it takes about a minute). */
const N = quick ? 200_000 : 1_000_000;
const root = new URL("../", import.meta.url);
const dir = new URL("out/bench/", root);
await Deno.mkdir(dir, { recursive: true });

interface Measured {
  millis: number;
  rss: number;
  results: Array<unknown>;
}

const measure = async (module: string, inputs: unknown, target: string, n?: number): Promise<Measured> => {
  const args = [
    "run",
    "-A",
    "bench/measure.ts",
    module,
    JSON.stringify(inputs),
    target,
    ...(n ? [String(n)] : []),
  ];
  const out = await new Deno.Command(Deno.execPath(), { args, cwd: root, stderr: "inherit" }).output();
  if (!out.success) throw new Error(`benchmark case ${module} on ${target} failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
};

const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Writes `lines` lines of 10 words from a 1,000-word vocabulary; returns the expected totals. */
const writeText = async (path: URL, lines: number): Promise<{ words: number; distinct: number }> => {
  const random = seeded(42);
  const vocab = Array.from(
    { length: 1000 },
    (_, i) => `w${i.toString(36)}x`.replace(/[0-9]/g, (d) => "abcdefghij"[+d]),
  );
  const seen = new Set<string>();
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const enc = new TextEncoder();
  let chunk = "";
  for (let l = 0; l < lines; l++) {
    const words = Array.from({ length: 10 }, () => vocab[Math.floor(random() * vocab.length)]);
    for (const w of words) seen.add(w);
    chunk += words.join(" ") + "\n";
    if (chunk.length > 1 << 20) {
      await file.write(enc.encode(chunk));
      chunk = "";
    }
  }
  await file.write(enc.encode(chunk));
  file.close();
  return { words: lines * 10, distinct: seen.size };
};

interface Row {
  readonly case: string;
  readonly target: string;
  readonly n: string;
  readonly items: number;
  readonly millis: number;
  readonly rss?: number;
  readonly check: string;
  /** The row this one is compared with. */
  readonly base?: Row;
  /** The original system's row for the same workload and mapping. */
  readonly original?: Row;
}
const rows: Array<Row> = [];

const bench = async (
  name: string,
  items: number,
  module: string,
  inputs: unknown,
  target: string,
  n: number | undefined,
  check: (r: Array<unknown>) => string | undefined,
  base?: Row,
  original?: Row,
): Promise<Row> => {
  const times: Array<number> = [];
  const rss: Array<number> = [];
  let verdict = "ok";
  for (let i = 0; i < runs; i++) {
    const m = await measure(module, inputs, target, n);
    const wrong = check(m.results);
    if (wrong !== undefined) verdict = `WRONG: ${wrong}`;
    times.push(m.millis);
    rss.push(m.rss);
  }
  const row = {
    case: name,
    target,
    n: n === undefined ? "" : String(n),
    items,
    millis: median(times),
    rss: Math.max(...rss),
    check: verdict,
    base,
    original,
  };
  rows.push(row);
  console.error(`${name} on ${target}${n ? ` -n ${n}` : ""}: ${row.millis.toFixed(0)} ms, ${verdict}`);
  return row;
};

const original = await ensureOriginal();
if ("missing" in original) console.error(`the original is not measured: ${original.missing}`);

/** Runs a workload on the original (simple or multi mapping), checking its RESULT lines. */
const benchOriginal = async (
  name: string,
  items: number,
  module: string,
  inputs: unknown,
  mapping: "simple" | "multi",
  n: number | undefined,
  check: (r: Array<Array<number>>) => string | undefined,
): Promise<Row | undefined> => {
  if ("missing" in original) return undefined;
  const times: Array<number> = [];
  const rss: Array<number> = [];
  let verdict = "ok";
  for (let i = 0; i < runs; i++) {
    const m = await runOriginal(original.command, mapping, module, inputs, n);
    const wrong = check(m.results);
    if (wrong !== undefined) verdict = `WRONG: ${wrong}`;
    times.push(m.millis);
    rss.push(m.rss);
  }
  const row: Row = {
    case: name,
    target: `dispel4py ${mapping}`,
    n: n === undefined ? "" : String(n),
    items,
    millis: median(times),
    rss: Math.max(...rss),
    check: verdict,
  };
  rows.push(row);
  console.error(
    `${name} on dispel4py ${mapping}${n ? ` -n ${n}` : ""}: ${row.millis.toFixed(0)} ms, ${verdict}`,
  );
  return row;
};
const sums = (r: Array<Array<number>>) => r.reduce(([a, b], [c, d]) => [a + c, b + d], [0, 0]);

const started = performance.now();
console.error(
  `dispel4ts bench against ${ORIGINAL}: ${
    quick
      ? "quick, a fifth of the items, 1 run per case, about 40 s"
      : `median of ${runs} runs per case, about 7 minutes`
  }`,
);

// Pipeline: numbers -> double -> addOne -> sink, checked by count and sum.
const pipelineCheck = (n: number) => (r: Array<unknown>) => {
  const [count, sum] = sums(r as Array<Array<number>>);
  return count === n && sum === n * n ? undefined : `count ${count} sum ${sum}`;
};
const pipeline = (items: number, target: string, n?: number, base?: Row, original?: Row) =>
  bench(
    "pipeline, 4 PEs",
    items,
    "bench/pipeline.ts",
    { numbers: [items] },
    target,
    n,
    pipelineCheck(items),
    base,
    original,
  );
const originalPipeline = (mapping: "simple" | "multi", n?: number) =>
  benchOriginal(
    "pipeline, 4 PEs",
    N,
    "bench/python/pipeline.py",
    { numbers: [{ input: N }] },
    mapping,
    n,
    pipelineCheck(N),
  );
const pipeSimpleOriginal = await originalPipeline("simple");
const pipe1 = await pipeline(N, "simple", undefined, undefined, pipeSimpleOriginal);
if (!quick) await pipeline(1e7, "simple");
const pipeMultiOriginal = await originalPipeline("multi", 4);
for (const n of [1, 2, 4]) await pipeline(N, "workers", n, pipe1, n === 4 ? pipeMultiOriginal : undefined);

// Word count over generated text, checked by total and distinct words.
const wordCount = async (lines: number, target: string, n?: number, base?: Row) => {
  const path = new URL(`words_${lines}.txt`, dir);
  const expected = await writeText(path, lines);
  const check = (distinct: number, total: number) =>
    total === expected.words && distinct === expected.distinct
      ? undefined
      : `${distinct} words, total ${total}`;
  const mapping = target === "simple" ? "simple" : "multi";
  const original = lines > N / 10 || (n !== undefined && n !== 4) ? undefined : await benchOriginal(
    "word count",
    expected.words,
    "bench/python/wordcount.py",
    { read: [{ input: path.pathname }] },
    mapping,
    n,
    (r) => check(r[0]?.[0], r[0]?.[1]),
  );
  return await bench(
    "word count",
    expected.words,
    "examples/word_count.ts",
    { read: [path.pathname] },
    target,
    n,
    (r) => {
      const pairs = r as Array<[string, number]>;
      return check(pairs.length, pairs.reduce((s, [, c]) => s + c, 0));
    },
    base,
    original,
  );
};
const wc1 = await wordCount(N / 10, "simple");
if (!quick) await wordCount(1_000_000, "simple");
for (const n of [1, 2, 4]) await wordCount(N / 10, "workers", n, wc1);

// GroupBy over 10,000 keys, checked by distinct keys and total count.
const groupCheck = (distinct: number, total: number) =>
  distinct === 10_000 && total === N ? undefined : `${distinct} keys, total ${total}`;
const groupBy = (target: string, n?: number, base?: Row, original?: Row) =>
  bench(
    "groupBy, 10,000 keys",
    N,
    "bench/group_by.ts",
    { keys: [[N, 10_000]] },
    target,
    n,
    (r) => {
      const [distinct, total] = sums(r as Array<Array<number>>);
      return groupCheck(distinct, total);
    },
    base,
    original,
  );
const originalGroupBy = (mapping: "simple" | "multi", n?: number) =>
  benchOriginal(
    "groupBy, 10,000 keys",
    N,
    "bench/python/group_by.py",
    { keys: [{ input: [N, 10_000] }] },
    mapping,
    n,
    (r) => {
      const [distinct, total] = sums(r);
      return groupCheck(distinct, total);
    },
  );
const group1 = await groupBy("simple", undefined, undefined, await originalGroupBy("simple"));
const groupMultiOriginal = await originalGroupBy("multi", 4);
for (const n of [1, 2, 4]) await groupBy("workers", n, group1, n === 4 ? groupMultiOriginal : undefined);

// CPU-bound: about 2 ms per item; workers -n 1 is the base of the speed-ups. The original's
// multi -n 4 runs its work PE twice (sources and the sink take a process each), like -n 2 here.
const jobs = quick ? 500 : 2000;
const cpuCheck = (r: Array<unknown>) => {
  const ids = (r as Array<[number, number]>).map(([i]) => i);
  const sum = ids.reduce((a, b) => a + b, 0);
  return ids.length === jobs && sum === (jobs * (jobs - 1)) / 2 ? undefined : `${ids.length} results`;
};
const originalCpu = (mapping: "simple" | "multi", n?: number) =>
  benchOriginal(
    "CPU-bound, ~2 ms per item",
    jobs,
    "bench/python/cpu.py",
    { jobs: [{ input: jobs }] },
    mapping,
    n,
    (r) => {
      const [count, sum] = sums(r);
      return count === jobs && sum === (jobs * (jobs - 1)) / 2 ? undefined : `${count} results`;
    },
  );
const cpu = (target: string, n?: number, base?: Row, original?: Row) =>
  bench(
    "CPU-bound, ~2 ms per item",
    jobs,
    "bench/cpu.ts",
    { jobs: [jobs] },
    target,
    n,
    cpuCheck,
    base,
    original,
  );
await cpu("simple", undefined, undefined, await originalCpu("simple"));
const cpu1 = await cpu("workers", 1);
const cpuMultiOriginal = await originalCpu("multi", 4);
for (const n of [2, 3]) await cpu("workers", n, cpu1, n === 2 ? cpuMultiOriginal : undefined);

// Start-up: the whole process, word count on a one-line file.
const oneLine = new URL("one_line.txt", dir);
await Deno.writeTextFile(oneLine, "the quick brown fox\n");
const startups: Array<number> = [];
for (let i = 0; i < (quick ? 3 : 7); i++) {
  const t = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/word_count.ts", "-d", JSON.stringify({ read: [oneLine.pathname] })],
    cwd: root,
  }).output();
  if (!out.success || new TextDecoder().decode(out.stdout).trim().split("\n").length !== 4) {
    throw new Error("start-up case failed");
  }
  startups.push(performance.now() - t);
}
rows.push({
  case: "start-up, word_count.ts on a one-line file",
  target: "simple",
  n: "",
  items: 4,
  millis: median(startups),
  check: "ok",
});

// The raw limit of one core: the pipeline's arithmetic as a plain loop, in this process.
{
  const times: Array<number> = [];
  let ok = true;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    let count = 0;
    let sum = 0;
    for (let x = 0; x < N; x++) {
      count++;
      sum += x * 2 + 1;
    }
    times.push(performance.now() - t);
    ok &&= count === N && sum === N * N;
  }
  rows.push({
    case: "raw: the pipeline as a plain loop",
    target: "one thread",
    n: "",
    items: N,
    millis: median(times),
    check: ok ? "ok" : "WRONG",
    base: pipe1,
  });
}

// The transport's raw limit: batches of 4,096 between two workers.
for (const kind of ["numbers", "words", "records"] as const) {
  let clone: Row | undefined;
  for (const mode of ["clone", "msgpack"] as const) {
    const times: Array<number> = [];
    let ok = true;
    for (let i = 0; i < runs; i++) {
      const r = await measureTransport(mode, kind, 1e6);
      times.push(r.millis);
      ok &&= r.ok;
    }
    const row: Row = {
      case: `raw transport, ${kind}, ${mode === "clone" ? "structured clone" : "msgpackr + transfer"}`,
      target: "2 workers",
      n: "",
      items: 1e6,
      millis: median(times),
      check: ok ? "ok" : "WRONG",
      base: clone,
    };
    clone ??= row;
    rows.push(row);
  }
}

const fmt = (n: number) => n.toLocaleString("en-US");
const label = (r: Row) =>
  r.case.startsWith("raw")
    ? r.case.slice(r.case.lastIndexOf(", ") + 2)
    : `${r.target}${r.n ? ` -n ${r.n}` : ""}`;
const ratio = (r: Row) => r.base ? `${(r.base.millis / r.millis).toFixed(2)}× ${label(r.base)}` : "";
const table = [
  "| case | target | -n | items | wall ms | items/s | peak RSS MiB | speed vs | vs dispel4py | check |",
  "|---|---|---:|---:|---:|---:|---:|---|---|---|",
  ...rows.map((r) =>
    `| ${r.case} | ${r.target} | ${r.n} | ${fmt(r.items)} | ${r.millis.toFixed(0)} | ${
      r.case.startsWith("start-up") ? "" : fmt(Math.round(r.items / (r.millis / 1000)))
    } | ${r.rss === undefined ? "" : (r.rss / 2 ** 20).toFixed(0)} | ${ratio(r)} | ${
      r.original ? `${(r.original.millis / r.millis).toFixed(1)}× ${label(r.original)}` : ""
    } | ${r.check} |`
  ),
];
console.log(table.join("\n"));
const report = {
  date: new Date().toISOString(),
  quick,
  runs,
  cores: navigator.hardwareConcurrency,
  deno: Deno.version.deno,
  rows: rows.map(({ base, original, ...r }) => ({
    ...r,
    versus: base && label(base),
    original: original && { target: label(original), millis: original.millis },
  })),
};
await Deno.writeTextFile(new URL("results.json", dir), JSON.stringify(report, null, 2));
console.error(
  `done in ${((performance.now() - started) / 1000).toFixed(1)} s; JSON in out/bench/results.json`,
);
if (rows.some((r) => r.check !== "ok")) Deno.exit(1);
