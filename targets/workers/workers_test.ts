import assert from "node:assert/strict";
import * as W from "../../mod.ts";
import { workers } from "./mod.ts";
import { runCli } from "../../tests/run_cli.ts";

const cli = runCli;

const failing = (
  name: string,
) => [
  "mod.ts",
  "run",
  "tests/fixtures/worker_failures.ts",
  "-a",
  name,
  "-i",
  "10",
  "--target",
  "workers",
  "-n",
  "2",
];

Deno.test("workers: a PE that throws in setup ends the run, naming the PE and instance", async () => {
  const r = await cli(failing("setupFails"));
  assert.equal(r.code, 1);
  assert.match(
    r.stderr.trim(),
    /^error: PE "badSetup" instance [01] failed in setup: Error: no calibration file$/,
  );
  assert.ok(r.seconds < 10, `took ${r.seconds} s`);
});

Deno.test("workers: a PE that calls Deno.exit ends the run, naming the PE, instance and data unit", async () => {
  const r = await cli(failing("exitsWorker"));
  assert.equal(r.code, 1);
  assert.match(
    r.stderr.trim(),
    /^error: PE "exits" instance [01] failed on data unit 5: called Deno.exit\(3\), which would end its worker$/,
  );
  assert.ok(r.seconds < 10, `took ${r.seconds} s`);
});

Deno.test("workers: an error thrown outside any PE call ends the run with the worker's name", async () => {
  const r = await cli(failing("crashesWorker"));
  assert.equal(r.code, 1);
  assert.match(
    r.stderr.trim(),
    /^error: Worker \d \(hosting [^)]*crashes[^)]*\) failed: Error: thrown from a timer$/,
  );
  assert.ok(r.seconds < 10, `took ${r.seconds} s`);
});

Deno.test("workers: a module that fails to load in a worker ends the run", async () => {
  const r = await cli(["tests/fixtures/load_fails.ts", "-i", "10", "--target", "workers", "-n", "2"]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr.trim(),
    /^error: Worker \d \(hosting [^)]+\) failed: cannot load the workflow module: Error: cannot open the data catalogue from a worker$/,
  );
});

Deno.test("workers: a worker whose heap fills up ends the run cleanly, naming what it ran", async () => {
  const r = await cli([
    "--v8-flags=--max-old-space-size=256",
    ...failing("hogsMemory").map((a) => a === "10" ? "100000" : a),
  ]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr.trim(),
    /^error: Worker \d \(hosting [^)]*hog[^)]*\) failed: its heap is nearly full \(\d+ of \d+ MiB\), last in PE "(src|hog)" instance \d on data unit \d+$/,
  );
  assert.ok(r.seconds < 30, `took ${r.seconds} s`);
});

Deno.test("workers: --verbose prints the placement; multi is an alias", async () => {
  const r = await cli([
    "examples/graph_testing/pipeline_test.ts",
    "-i",
    "3",
    "--target",
    "multi",
    "-n",
    "4",
    "-v",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split("\n").length, 3);
  assert.match(
    r.stderr,
    /-n 4: 2 workers\n {2}worker 0: TestProducer0, TestOneInOneOut1, TestOneInOneOut2\n {2}worker 1: TestOneInOneOut3, TestOneInOneOut4, TestOneInOneOut5\n/,
  );
});

Deno.test("workers: --progress shows the counts the workers report", async () => {
  const r = await cli(["tests/fixtures/slow.ts", "-i", "15", "--target", "workers", "-n", "1", "--progress"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split("\n").length, 15);
  assert.match(r.stderr, /^1\.\ds {2}src \d+ {2}nap \d+ {2}\(\d+ items\/s\)$/m);
});

Deno.test("workers: a workflow without a module URL is refused with a hint", async () => {
  const p = W.pe(W.producer("p", (i: number) => i));
  await assert.rejects(
    W.collect(W.workflow("mem", [p]), { target: workers, processes: 2 }),
    /not one: pass the module's import.meta.url/,
  );
});

Deno.test("workers: 10,000,000 records into a slow sink stay under 400 MB", async () => {
  // Without flow control the same run peaks near 1.9 GB: the records pile up between workers.
  const r = await cli(["bench/measure.ts", "tests/fixtures/flood.ts", '{"many":[10000000]}', "workers", "2"]);
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(r.stdout);
  assert.deepEqual(m.results, [10_000_000]);
  assert.ok(m.rss < 400 * 2 ** 20, `peak RSS ${(m.rss / 2 ** 20).toFixed(0)} MiB`);
});
