import assert from "node:assert/strict";
import { engineTest } from "../../tests/engines.ts";
import { interrupt, runCli } from "../../tests/run_cli.ts";
import { scienceMatchesSimple } from "../../tests/science_examples.ts";
import { sparkUnavailable } from "./target.ts";

const spark = ["--target", "spark", "--master", "local[2]"];
const sortedLines = (text: string) => text.trim().split("\n").sort();

engineTest("spark: word count over 100,000 words equals simple's", "spark", sparkUnavailable, async () => {
  const file = await Deno.makeTempFile({ suffix: ".txt" });
  try {
    const syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "be", "du"];
    const word = () => Array.from({ length: 3 }, () => syllables[Math.floor(Math.random() * 10)]).join("");
    const lines = Array.from({ length: 10_000 }, () => Array.from({ length: 10 }, word).join(" "));
    await Deno.writeTextFile(file, lines.join("\n") + "\n");
    const args = ["examples/word_count.ts", "-d", JSON.stringify({ read: [file] })];
    const [reference, got] = await Promise.all([runCli(args), runCli([...args, ...spark, "-n", "2"])]);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(reference.code, 0, reference.stderr);
    assert.deepEqual(sortedLines(got.stdout), sortedLines(reference.stdout));
    assert.equal(sortedLines(got.stdout).length, 1000);
  } finally {
    await Deno.remove(file);
  }
});

engineTest(
  "spark: a PE error in an executor is one line naming PE, instance, data unit and Spark's log",
  "spark",
  sparkUnavailable,
  async () => {
    const r = await runCli([
      "mod.ts",
      "run",
      "tests/conformance/workflows.ts",
      "-a",
      "failure",
      "-i",
      "6",
      ...spark,
    ]);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0],
      /^error: PE "fails" instance \d+ failed on data unit 3: RangeError: three is not allowed \(log: out\/spark\/\S+\/spark\.log\)$/,
    );
    const log = lines[0].match(/\(log: (\S+)\)/)![1];
    assert.ok((await Deno.stat(new URL(`../../${log}`, import.meta.url))).size > 0);
  },
);

engineTest(
  "spark: a PE host that is killed ends the run with one line naming its task",
  "spark",
  sparkUnavailable,
  async () => {
    const r = await runCli([
      "mod.ts",
      "run",
      "tests/fixtures/process_faults.ts",
      "-a",
      "killed",
      "-i",
      "10",
      ...spark,
    ]);
    assert.equal(r.code, 1);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0],
      /^error: Spark task \d+ \(hosting dies\[\d\]\) failed: its PE host was killed by signal 9 \(log: out\/spark\/\S+\/spark\.log\)$/,
    );
  },
);

engineTest(
  "spark: SIGINT while the job runs ends it with exit code 130 and leaves no process behind",
  "spark",
  sparkUnavailable,
  async () => {
    // Once a PE host runs in an executor, the job runs (trickle's 200 items take a minute).
    const r = await interrupt(["tests/fixtures/trickle.ts", "-i", "200", ...spark], "spark-task");
    assert.equal(r.code, 130, r.stderr);
    assert.ok(r.millis < 20_000, `took ${r.millis} ms to end`);
    // Spark hands results over when its job ends.
    assert.match(r.stderr.trim(), /^interrupted by SIGINT: 0 results written$/);
    assert.deepEqual(r.left, []);
  },
);

Deno.test("spark: without PySpark the run is refused in one line that says how to install it", async () => {
  const r = await runCli(
    ["examples/graph_testing/pipeline_test.ts", "--target", "spark"],
    undefined,
    { DISPEL4TS_SPARK_VENV: "/nonexistent/venv" },
  );
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.trim(),
    "error: The spark target needs PySpark and Java: no Python environment with PySpark at /nonexistent/venv; run: deno task setup spark",
  );
});

engineTest(
  "spark: --stall-timeout fails a PE call that never settles, naming it",
  "spark",
  sparkUnavailable,
  async () => {
    const r = await runCli(["tests/fixtures/never_settles.ts", "-i", "3", "--stall-timeout", "1", ...spark]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr.trim(),
      /^error: PE "stuck" instance \d failed on data unit \d: did not settle within 1 s while the rest of the run was idle \(--stall-timeout\) \(log: \S+\)$/,
    );
  },
);

engineTest("spark: the science examples give simple's results", "spark", sparkUnavailable, async () => {
  await scienceMatchesSimple([...spark, "-n", "3"]);
});

engineTest(
  "spark: --progress shows the counts of the tasks that have ended while the job runs",
  "spark",
  sparkUnavailable,
  async () => {
    // src's task ends at once; nap's takes 3 s, during which src's count must already show.
    const r = await runCli(["tests/fixtures/slow.ts", "-i", "30", ...spark, "-n", "1", "--progress"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /src 30\s+nap 0\b/);
  },
);
