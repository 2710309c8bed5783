import assert from "node:assert/strict";
import { runGraph } from "../../api/run.ts";
import { compile } from "../../dsl/compile.ts";
import type { Workflow } from "../../dsl/workflow.ts";
import { WorkerFailure } from "../../runtime/errors.ts";
import type { Target } from "../../runtime/target.ts";
import { engineTest } from "../../tests/engines.ts";
import { interrupt, leftovers, runCli } from "../../tests/run_cli.ts";
import { scienceMatchesSimple } from "../../tests/science_examples.ts";
import { simple } from "../simple/mod.ts";
import { StormLauncher, stormMissing } from "./launcher.ts";
import { MultilangWriter, readMultilang } from "./multilang.ts";
import { makeStorm } from "./target.ts";
import { taskIds } from "./task.ts";

const root = new URL("../../", import.meta.url);

Deno.test("multilang: messages are read whole however the chunks cut them", async () => {
  const text = '{"conf":{"a":"x\\nend"},"pidDir":"/tmp"}\nend\n[1,2]\nend\n{"command":"next"}\nend\n';
  const bytes = new TextEncoder().encode(text);
  for (const size of [1, 3, 7, bytes.length]) {
    const chunks = Array.from(
      { length: Math.ceil(bytes.length / size) },
      (_, i) => bytes.slice(i * size, (i + 1) * size),
    );
    const got: Array<unknown> = [];
    for await (const m of readMultilang(ReadableStream.from(chunks))) got.push(m);
    assert.deepEqual(
      got,
      [{ conf: { a: "x\nend" }, pidDir: "/tmp" }, [1, 2], { command: "next" }],
      `chunks of ${size}`,
    );
  }
});

Deno.test("multilang: messages sent in one turn are written together, in order", async () => {
  const writes: Array<string> = [];
  const out = new MultilangWriter((b) => (writes.push(new TextDecoder().decode(b)), b.length));
  out.send({ command: "emit", tuple: ["x"] });
  out.send({ command: "sync" });
  assert.deepEqual(writes, []);
  await Promise.resolve();
  assert.deepEqual(writes, ['{"command":"emit","tuple":["x"]}\nend\n{"command":"sync"}\nend\n']);
});

Deno.test("task ids: global ids follow node order, each component's tasks in id order", () => {
  const context = {
    "task->component": { "1": "b", "2": "a", "3": "b", "4": "b", "5": "a", "-1": "__system" },
    taskid: 3,
    componentid: "b",
  };
  assert.deepEqual(taskIds(context, ["a", "b"], [2, 3]), { tasks: [2, 5, 1, 3, 4], me: 3 });
  assert.throws(
    () => taskIds(context, ["a", "b"], [2, 2]),
    /component b has 3 Storm tasks, but its PE has 2 instances/,
  );
});

const run = async (target: Target, url: string, wf: Workflow, inputs: unknown, processes = 3) => {
  const { results } = await runGraph(compile(wf, url), new Map(), {
    target,
    processes,
    inputs,
    log: () => {},
  });
  return results.map((r) => JSON.stringify([r.pe, r.port, r.data])).sort();
};

engineTest(
  "storm: word count over a generated 20,000-word text equals simple's",
  "storm",
  stormMissing,
  async () => {
    // 400 distinct two-letter words: "aa" to "pj".
    const vocabulary = Array.from(
      { length: 400 },
      (_, i) => String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26)),
    );
    let seed = 7;
    const words = Array.from(
      { length: 20_000 },
      () => vocabulary[(seed = (seed * 48271) % 2147483647) % 400],
    );
    const lines = Array.from({ length: 2000 }, (_, i) => words.slice(i * 10, i * 10 + 10).join(" "));
    const path = await Deno.makeTempFile({ suffix: ".txt" });
    await Deno.writeTextFile(path, lines.join("\n"));
    const url = new URL("examples/word_count.ts", root).href;
    const { workflow } = await import(url);
    const inputs = { read: [path] };
    const expected = await run(simple, url, workflow, inputs);
    const got = await run(makeStorm(), url, workflow, inputs);
    await Deno.remove(path);
    assert.equal(expected.length, 400);
    assert.deepEqual(got, expected);
  },
);

/** Runs the CLI with a mark in its environment, so that its processes can be found. */
const cli = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const mark = crypto.randomUUID();
  const r = await runCli(args, undefined, { DISPEL4TS_TEST_MARK: mark, ...env });
  return { code: r.code, stderr: r.stderr, left: await leftovers(mark) };
};

/** Checks that the log a failure names was kept, and removes it. */
const keptLog = async (stderr: string) => {
  const log = new URL(stderr.match(/\(log: (\S+)\)/)![1], root);
  assert.match(await Deno.readTextFile(log), /Received topology submission/);
  await Deno.remove(new URL(".", log), { recursive: true });
};

const faults = ["mod.ts", "run", "tests/fixtures/process_faults.ts", "--target", "storm", "-n", "3"];

engineTest(
  "storm: a bolt that throws ends the run: one line naming PE, instance and data unit, exit 1, nothing left",
  "storm",
  stormMissing,
  async () => {
    const r = await cli([...faults, "-a", "failing", "-i", "1000"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr.trim(),
      /^error: PE "fails" instance [0-2] failed on data unit 500: RangeError: bad sample \(log: out\/storm\/\S+\/storm\.log\)$/,
    );
    await keptLog(r.stderr);
    assert.deepEqual(r.left, []);
  },
);

engineTest(
  "storm: a bolt process killed mid-stream ends the run, naming its PE instance; nothing left",
  "storm",
  stormMissing,
  async () => {
    const r = await cli([...faults, "-a", "killed", "-i", "1000"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr.trim(),
      /^error: Storm task \d+ \(hosting PE "dies" instance [01]\) failed: its process ended before its part of the run was over \(log: out\/storm\/\S+\/storm\.log\)$/,
    );
    await keptLog(r.stderr);
    assert.deepEqual(r.left, []);
  },
);

engineTest(
  "storm: a bolt process that hangs fails the run once Storm's heartbeat times out",
  "storm",
  stormMissing,
  async () => {
    const url = new URL("tests/fixtures/process_faults.ts", root).href;
    const { hanging } = await import(url);
    // The task processes inherit the launcher's environment: the mark finds what the run left.
    const mark = crypto.randomUUID();
    const launcher = await StormLauncher.start({ env: { DISPEL4TS_TEST_MARK: mark } });
    await assert.rejects(
      run(makeStorm({ subprocessTimeout: 3, launcher: () => Promise.resolve(launcher) }), url, hanging, {
        src: 1000,
      }),
      (e: unknown) => {
        assert.ok(e instanceof WorkerFailure, String(e));
        assert.match(
          e.message,
          /^Storm task \d+ \(hosting PE "hangs" instance [01]\) failed: it did not answer Storm for 3 s/,
        );
        return true;
      },
    );
    // The run ended the hung process itself, before its launcher ends.
    const left = await leftovers(mark);
    await launcher.close();
    assert.deepEqual(left.filter((cmd) => cmd.includes("storm-task")), []);
  },
);

engineTest(
  "storm: SIGINT while the topology runs ends it with exit code 130, the results so far, nothing left",
  "storm",
  stormMissing,
  async () => {
    // Once a Deno task runs, the topology is up (trickle's 200 items take a minute).
    const r = await interrupt(["tests/fixtures/trickle.ts", "-i", "200", "--target", "storm"], "storm-task");
    assert.equal(r.code, 130, r.stderr);
    assert.ok(r.millis < 20_000, `took ${r.millis} ms to end`);
    assert.match(r.stderr.trim(), /^interrupted by SIGINT: \d+ results? written$/);
    assert.deepEqual(r.left, []);
  },
);

Deno.test("storm: without Java the run is refused with one line saying how to set it up, exit 2", async () => {
  const r = await cli(["examples/graph_testing/pipeline_test.ts", "--target", "storm"], {
    PATH: "/nonexistent",
  });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(
    r.stderr.trim(),
    "error: The storm target needs Java and its Storm launcher: java is not on the PATH; run: deno task setup storm",
  );
});

engineTest("storm: the science examples give simple's results", "storm", stormMissing, async () => {
  await scienceMatchesSimple(["--target", "storm", "-n", "3"]);
});
