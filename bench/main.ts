/**
 * `deno task bench [--quick]`: throughput and peak memory of the `simple` target, and start-up
 * time, as one Markdown table. Each case runs in a fresh process (so peak RSS is its own), its
 * results are checked before its time counts, and the median of the runs is reported.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { seeded } from "../examples/graph_testing/testing_pes.ts";

const { values } = parseArgs({ args: Deno.args, options: { quick: { type: "boolean", default: false } } });
const quick = values.quick!;
const runs = quick ? 1 : 3;
const root = new URL("../", import.meta.url);
const dir = new URL("out/bench/", root);
await Deno.mkdir(dir, { recursive: true });

interface Measured {
  millis: number;
  rss: number;
  results: Array<unknown>;
}

const measure = async (module: string, inputs: unknown): Promise<Measured> => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "bench/measure.ts", module, JSON.stringify(inputs)],
    cwd: root,
    stderr: "inherit",
  }).output();
  if (!out.success) throw new Error(`benchmark case ${module} failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
};

const median = (xs: Array<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Writes `lines` lines of 10 words from a 1,000-word vocabulary; returns the expected counts. */
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
  case: string;
  items: number;
  millis: number;
  rss: number;
  check: string;
}
const rows: Array<Row> = [];

const bench = async (
  name: string,
  items: number,
  module: string,
  inputs: unknown,
  check: (r: Array<unknown>) => string | undefined,
) => {
  const times: Array<number> = [];
  const rss: Array<number> = [];
  let verdict = "ok";
  for (let i = 0; i < runs; i++) {
    const m = await measure(module, inputs);
    const wrong = check(m.results);
    if (wrong !== undefined) verdict = `WRONG: ${wrong}`;
    times.push(m.millis);
    rss.push(m.rss);
  }
  rows.push({ case: name, items, millis: median(times), rss: Math.max(...rss), check: verdict });
  console.error(`${name}: ${median(times).toFixed(0)} ms, ${verdict}`);
};

const started = performance.now();
console.error(
  `dispel4ts bench (${quick ? "quick: 1 run per case" : `median of ${runs} runs per case`}); about ${
    quick ? 30 : 90
  } s`,
);

for (const n of [1_000_000, 10_000_000]) {
  await bench(`pipeline, 4 PEs (simple)`, n, "bench/pipeline.ts", { numbers: [n] }, (r) => {
    const [count, sum] = r[0] as [number, number];
    return count === n && sum === n * n ? undefined : `count ${count} sum ${sum}`;
  });
}
for (const lines of [100_000, 1_000_000]) {
  const path = new URL(`words_${lines}.txt`, dir);
  const expected = await writeText(path, lines);
  await bench(
    "word count (simple)",
    expected.words,
    "examples/word_count.ts",
    { read: [path.pathname] },
    (r) => {
      const pairs = r as Array<[string, number]>;
      const total = pairs.reduce((s, [, c]) => s + c, 0);
      return total === expected.words && pairs.length === expected.distinct
        ? undefined
        : `${pairs.length} words, total ${total}`;
    },
  );
}

const oneLine = new URL("one_line.txt", dir);
await Deno.writeTextFile(oneLine, "the quick brown fox\n");
const startups: Array<number> = [];
for (let i = 0; i < (quick ? 3 : 7); i++) {
  const t = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/word_count.ts", "-d", JSON.stringify({ read: [oneLine.pathname] })],
    cwd: root,
  }).output();
  if (!out.success || new TextDecoder().decode(out.stdout).split("\n").length !== 5) {
    throw new Error("start-up case failed");
  }
  startups.push(performance.now() - t);
}

const fmt = (n: number) => n.toLocaleString("en-US");
const table = [
  "| case | items | wall ms | items/s | peak RSS MiB | check |",
  "|---|---:|---:|---:|---:|---|",
  ...rows.map((r) =>
    `| ${r.case} | ${fmt(r.items)} | ${r.millis.toFixed(0)} | ${
      fmt(Math.round(r.items / (r.millis / 1000)))
    } | ${(r.rss / 2 ** 20).toFixed(0)} | ${r.check} |`
  ),
  `| start-up: word_count.ts on a one-line file (whole process) | 4 | ${
    median(startups).toFixed(0)
  } | | | ok |`,
];
console.log(table.join("\n"));
const report = {
  date: new Date().toISOString(),
  quick,
  runs,
  rows,
  startupMillis: median(startups),
  deno: Deno.version.deno,
};
await Deno.writeTextFile(new URL("results.json", dir), JSON.stringify(report, null, 2));
console.error(
  `done in ${((performance.now() - started) / 1000).toFixed(1)} s; JSON in out/bench/results.json`,
);
if (rows.some((r) => r.check !== "ok")) Deno.exit(1);
