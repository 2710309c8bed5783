import assert from "node:assert/strict";
import { jsonRows, markdownTable, median, RAW, type Row } from "./rows.ts";

const theirs: Row = {
  case: "pipeline",
  system: "dispel4py 2.8",
  target: "multi",
  n: "4",
  items: 1000,
  millis: 2000,
  check: "ok",
};
const base: Row = {
  case: "pipeline",
  system: "dispel4ts",
  target: "simple",
  n: "",
  items: 1000,
  millis: 100,
  check: "ok",
};
const ours: Row = {
  ...base,
  target: "workers",
  n: "4",
  millis: 200,
  rss: 3 * 2 ** 20,
  base,
  original: theirs,
};
const raw: Row = {
  case: "raw transport, numbers, msgpackr",
  system: RAW,
  target: "2 workers",
  n: "",
  items: 1000,
  millis: 50,
  check: "ok",
};

Deno.test("markdownTable: one row per case, throughput, RSS in MiB, ratios named by their rows", () => {
  const lines = markdownTable([theirs, base, ours, { ...raw, base: raw }]).split("\n");
  assert.equal(lines.length, 6);
  assert.equal(
    lines[4],
    "| pipeline | dispel4ts | workers | 4 | 1,000 | 200 | 5,000 | 3 | 0.50× simple | 10.0× dispel4py multi -n 4 | ok |",
  );
  assert.match(lines[5], /\| 1\.00× msgpackr \|/);
});

Deno.test("markdownTable shows a failed case without a time", () => {
  const failed = { ...base, millis: NaN, check: "FAILED: dispel4py mpi failed" };
  const cells = markdownTable([failed]).split("\n")[2].split("|").map((c) => c.trim());
  assert.deepEqual(cells.slice(5, 12), ["1,000", "–", "", "", "", "", "FAILED: dispel4py mpi failed"]);
});

Deno.test("jsonRows names comparisons instead of nesting rows", () => {
  const [row] = jsonRows([ours]);
  assert.equal(row.versus, "simple");
  assert.deepEqual(row.original, { target: "dispel4py multi -n 4", millis: 2000 });
  assert.equal("base" in row, false);
});

Deno.test("median takes the middle run", () => {
  assert.equal(median([5, 1, 3]), 3);
});
