/**
 * How the command line behaves around a run, in a real subprocess: results that stream, signals,
 * a closed results pipe, an `-o` file left alone by a refused run, strict numbers, and modules
 * whose workflow cannot run (an unknown port, a workflow not exported).
 *
 * @module
 */
import assert from "node:assert/strict";
import * as W from "../mod.ts";
import { MAX_PROCESSES, parseRunArgs } from "../cli/args.ts";
import { openResults } from "../cli/output.ts";
import type { RunRequest, Target } from "../runtime/target.ts";
import { runCli } from "./run_cli.ts";

const root = new URL("../", import.meta.url);
const targets = [["--target", "simple"], ["--target", "workers", "-n", "2"]];

/** A CLI run in a subprocess whose stdout is read as it comes, line by line, with arrival times. */
const spawn = (args: ReadonlyArray<string>) => {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: root,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let exitedAt: number | undefined;
  const status = child.status.then((s) => {
    exitedAt = performance.now() - started;
    return s;
  });
  const stderr = new Response(child.stderr).text();
  const lines: Array<{ text: string; at: number; childRunning: boolean }> = [];
  const waiters: Array<() => void> = [];
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const read = (async () => {
    let rest = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      rest += value;
      const parts = rest.split("\n");
      rest = parts.pop()!;
      for (const text of parts) {
        lines.push({ text, at: performance.now() - started, childRunning: exitedAt === undefined });
      }
      waiters.splice(0).forEach((w) => w());
    }
  })();
  return {
    child,
    lines,
    /** Resolves once `n` lines arrived. */
    firstLines: async (n = 1) => {
      while (lines.length < n) await new Promise<void>((ok) => waiters.push(ok));
    },
    /** Stops reading stdout, as `| head -n 1` does once it has its line. */
    closeStdout: () => reader.cancel(),
    /** Exit code, stderr and all stdout lines, once the child has exited. */
    done: async () => {
      const { code } = await status;
      await read;
      return {
        code,
        stderr: await stderr,
        data: lines.map((l) => JSON.parse(l.text).data),
        exitedAt: exitedAt!,
      };
    },
  };
};

Deno.test("results reach stdout as they are written, on a slow stream too", async () => {
  for (const target of targets) {
    const run = spawn(["tests/fixtures/trickle.ts", "-i", "4", ...target]);
    const { code, stderr, data, exitedAt } = await run.done();
    assert.equal(code, 0, stderr);
    assert.deepEqual(data, [0, 1, 2, 3], target.join(" "));
    // One item every 300 ms: the lines arrive one by one, well before the run ends.
    const what = target.join(" ");
    assert.ok(run.lines[0].childRunning, `${what}: the first result waited for the end`);
    assert.ok(
      exitedAt - run.lines[0].at > 600,
      `${what}: first line at ${run.lines[0].at}, exit at ${exitedAt}`,
    );
    assert.ok(run.lines[2].at - run.lines[0].at > 300, `${what}: ${run.lines.map((l) => l.at)}`);
  }
});

Deno.test("the results writer writes out what it holds within 0.2 s, and big batches at once", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/out.jsonl`;
  const w = openResults(path);
  w.write("p", "output", 1);
  await new Promise((ok) => setTimeout(ok, 200));
  assert.equal(await Deno.readTextFile(path), '{"pe":"p","port":"output","data":1}\n');
  // A run that never yields: the writer reads the clock itself.
  const until = Date.now() + 250;
  for (let i = 2; Date.now() < until; i++) w.write("p", "output", i);
  assert.ok((await Deno.readTextFile(path)).split("\n").length > 2);
  w.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("results reach an -o file while the run goes on", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/trickle.jsonl`;
  const run = spawn(["tests/fixtures/trickle.ts", "-i", "6", "-o", out]);
  let seen = "";
  const deadline = performance.now() + 30_000;
  while (seen === "" && performance.now() < deadline) {
    await new Promise((ok) => setTimeout(ok, 50));
    seen = await Deno.readTextFile(out).catch(() => "");
  }
  const { code, stderr, exitedAt } = await run.done();
  assert.equal(code, 0, stderr);
  assert.ok(exitedAt > 0);
  assert.match(seen, /^\{"pe":"pass","port":"output","data":0\}\n/);
  assert.equal((await Deno.readTextFile(out)).trim().split("\n").length, 6);
  await Deno.remove(dir, { recursive: true });
});

for (const [signal, exitCode] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  Deno.test(`${signal} writes the results so far, ends every worker, exits ${exitCode}`, async () => {
    for (const target of targets) {
      const run = spawn(["tests/fixtures/trickle.ts", "-i", "1000", ...target]);
      await run.firstLines(1);
      const sentAt = performance.now();
      run.child.kill(signal);
      const { code, stderr, data } = await run.done();
      const what = `${signal} ${target.join(" ")}`;
      assert.ok(performance.now() - sentAt < 5000, `${what}: took ${performance.now() - sentAt} ms to end`);
      assert.equal(code, exitCode, `${what}: ${stderr}`);
      const lines = stderr.trim().split("\n");
      assert.equal(lines.length, 1, `${what}: ${stderr}`);
      const [, written] = new RegExp(`^interrupted by ${signal}: (\\d+) results? written$`).exec(lines[0]) ??
        [];
      assert.ok(written !== undefined, `${what}: ${lines[0]}`);
      assert.equal(Number(written), data.length, what);
      assert.ok(data.length >= 1, what);
      assert.deepEqual(data, data.map((_, i) => i), what);
    }
  });
}

Deno.test("SIGINT with -o: the file holds the results so far", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/interrupted.jsonl`;
  const run = spawn(["tests/fixtures/trickle.ts", "-i", "1000", "-o", out]);
  while ((await Deno.readTextFile(out).catch(() => "")) === "") await new Promise((ok) => setTimeout(ok, 50));
  run.child.kill("SIGINT");
  const { code, stderr } = await run.done();
  assert.equal(code, 130, stderr);
  const written = Number(/^interrupted by SIGINT: (\d+) results? written$/.exec(stderr.trim())?.[1]);
  assert.equal((await Deno.readTextFile(out)).trim().split("\n").length, written);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a closed results pipe ends the run quietly with exit code 141", async () => {
  for (const target of targets) {
    for (
      const args of [["examples/graph_testing/pipeline_test.ts", "-i", "300000"], [
        "tests/fixtures/trickle.ts",
        "-i",
        "1000",
      ]]
    ) {
      const what = [...args, ...target].join(" ");
      const run = spawn([...args, ...target]);
      await run.firstLines(1);
      const closedAt = performance.now();
      await run.closeStdout();
      const { code, stderr } = await run.done();
      assert.equal(code, 141, `${what}: ${stderr}`);
      assert.equal(stderr, "", what);
      assert.ok(
        performance.now() - closedAt < 5000,
        `${what}: took ${performance.now() - closedAt} ms to end`,
      );
    }
  }
});

Deno.test("a refused run leaves the -o file as it was; an unwritable -o is refused up front", async () => {
  const dir = await Deno.makeTempDir();
  const keep = `${dir}/keep.jsonl`;
  const fresh = `${dir}/fresh.jsonl`;
  await Deno.writeTextFile(keep, "keep me\n");
  const refused: Array<[string[], RegExp]> = [
    [["examples/word_count.ts", "-d", '{"reed": ["README.md"]}'], /Unknown PE "reed"/],
    [["examples/word_count.ts", "-d", "{read"], /Malformed JSON/],
    [["examples/word_count.ts", "--target", "sparkle"], /Unknown target/],
    [["tests/fixtures/unexported.ts"], /exports no workflow named "hidden"/],
    [["tests/fixtures/unexported.ts", "--target", "workers"], /exports no workflow named "hidden"/],
    [["tests/fixtures/unknown_port.ts"], /has no output port "nope"/],
  ];
  for (const [args, pattern] of refused) {
    for (const out of [keep, fresh]) {
      const r = await runCli([...args, "-o", out]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
    }
    assert.equal(await Deno.readTextFile(keep), "keep me\n", args.join(" "));
    await assert.rejects(Deno.stat(fresh), Deno.errors.NotFound, args.join(" "));
  }
  const unwritable: Array<[string, string]> = [
    [`${dir}/no/such/dir/out.jsonl`, "no such directory"],
    [dir, "it is a directory"],
    [`${keep}/out.jsonl`, "no such directory"],
  ];
  for (const [out, why] of unwritable) {
    const r = await runCli(["examples/word_count.ts", "-d", '{"read": ["README.md"]}', "-o", out]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim(), `error: Cannot write results to "${out}": ${why}`);
  }
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["keep.jsonl"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a successful run without results still writes an empty -o file", async () => {
  const dir = await Deno.makeTempDir();
  for (const target of targets) {
    const out = `${dir}/empty-${target[1]}.jsonl`;
    await Deno.writeTextFile(out, "old results\n");
    const r = await runCli(["examples/graph_testing/pipeline_test.ts", "-i", "0", "-o", out, ...target]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await Deno.readTextFile(out), "", target.join(" "));
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("numbers: plain decimal digits only, -n capped, one line and exit 2 otherwise", async () => {
  const cases: Array<[string[], string]> = [
    [["-n", "1e3"], 'Option -n takes a whole number >= 1, got "1e3"'],
    [["-n", "0x10"], 'Option -n takes a whole number >= 1, got "0x10"'],
    [["-n", " 4"], 'Option -n takes a whole number >= 1, got " 4"'],
    [["-i", ""], 'Option -i takes a whole number >= 0, got ""'],
    [["-i", "1.0"], 'Option -i takes a whole number >= 0, got "1.0"'],
    [
      ["-n", String(MAX_PROCESSES + 1)],
      `Option -n takes at most ${MAX_PROCESSES} processes, got "${MAX_PROCESSES + 1}"`,
    ],
    [["--stall-timeout", "0"], 'Option --stall-timeout takes a positive number of seconds, got "0"'],
    [["--stall-timeout", "-2"], 'Option --stall-timeout takes a positive number of seconds, got "-2"'],
    [["--stall-timeout", "1e3"], 'Option --stall-timeout takes a positive number of seconds, got "1e3"'],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(["examples/graph_testing/pipeline_test.ts", ...args]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr, `error: ${message}\n`);
  }
  const help = await runCli(["examples/graph_testing/pipeline_test.ts", "--help"]);
  assert.match(help.stdout, /--stall-timeout S/);
  assert.match(help.stdout, /at most 65536/);
  assert.match(help.stdout, /141 the results' reader went away/);
  const ok = await runCli([
    "examples/graph_testing/pipeline_test.ts",
    "-i",
    "2",
    "-n",
    "4096",
    "--stall-timeout",
    "2.5",
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim().split("\n").length, 2);
});

Deno.test("--stall-timeout reaches the target's run request", async () => {
  assert.equal(parseRunArgs(["--stall-timeout", "2.5"]).stallTimeout, 2.5);
  assert.equal(parseRunArgs(["--stall-timeout", ".25"]).stallTimeout, 0.25);
  assert.equal(parseRunArgs([]).stallTimeout, undefined);
  const seen: Array<RunRequest> = [];
  const capture: Target = {
    name: "capture",
    run: (request) => {
      seen.push(request);
      return Promise.resolve({ processed: {}, millis: 0 });
    },
  };
  await W.collect(W.workflow("empty", []), { target: capture, stallTimeout: 2.5 });
  assert.equal(seen[0].stallTimeout, 2.5);
});

Deno.test("--stall-timeout fails a stalled run with exit code 1; without it, Ctrl-C still ends it", async () => {
  for (const target of targets) {
    const what = target.join(" ");
    const args = ["tests/fixtures/never_settles.ts", "-i", "3", "--stall-timeout", "0.5", ...target];
    const r = await runCli(args, AbortSignal.timeout(60_000));
    assert.equal(r.code, 1, `${what}: ${r.stderr}`);
    assert.match(r.stderr, /"stuck"/, what);
    assert.ok(r.seconds < 20, `${what}: ${r.seconds} s`);
    // A call that never settles keeps the process (and its result so far) until a signal ends it.
    const run = spawn(["tests/fixtures/never_settles.ts", "-i", "3", ...target]);
    await run.firstLines(1);
    run.child.kill("SIGINT");
    const { code, stderr, data } = await run.done();
    assert.equal(code, 130, `${what}: ${stderr}`);
    assert.ok(data.includes(0), what);
    assert.match(stderr, /interrupted by SIGINT: \d+ results? written\n$/, what);
  }
});

Deno.test("a module connecting a port that does not exist: one line naming PE and ports, exit 2", async () => {
  const expected =
    'error: invalid workflow "unknown_port": PE "p" has no output port "nope" (its outputs: output)\n';
  for (
    const args of [["tests/fixtures/unknown_port.ts"], ["mod.ts", "run", "tests/fixtures/unknown_port.ts"]]
  ) {
    const r = await runCli(args);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, expected);
  }
  const dir = await Deno.makeTempDir();
  const dot = await runCli(["cli/dot.ts", "tests/fixtures/unknown_port.ts", "-o", `${dir}/u.dot`]);
  assert.equal(dot.code, 2);
  assert.match(dot.stderr, /PE "p" has no output port "nope"/);
  assert.match(await Deno.readTextFile(`${dir}/u.dot`), /Invalid workflow:.*has no output port/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("unknown ports through composites are problems of the workflow, not crashes", () => {
  const add = W.pe(W.fn("add", (x: number) => x + 1));
  const inner = W.pe(
    W.composite({
      name: "inner",
      parts: [add],
      inputs: { input: add.in.input },
      outputs: { output: add.out.output },
    }),
  );
  const p = W.pe(W.producer("p", (i: number) => i));
  const wf = W.workflow("bad", [
    // @ts-expect-error no such port: an unchecked module may still name it
    W.connect(p.out.output, inner.in.other),
    // @ts-expect-error no such port
    W.connect(inner.out.nope, add.in.input),
  ]);
  const { problems } = W.draft(wf, "file:///bad.ts");
  assert.deepEqual(problems, [
    'PE "inner" has no input port "other" (its inputs: input)',
    'PE "inner" has no output port "nope" (its outputs: output)',
  ]);
  assert.throws(() => W.compile(wf, "file:///bad.ts"), W.InvalidGraph);
});

Deno.test("a module running a workflow it does not export is refused on every target", async () => {
  for (const target of targets) {
    const r = await runCli(["tests/fixtures/unexported.ts", ...target]);
    assert.equal(r.code, 2, r.stderr);
    const url = new URL("tests/fixtures/unexported.ts", root).href;
    assert.equal(r.stderr, `error: Cannot load PE code from ${url}: exports no workflow named "hidden"\n`);
  }
});

Deno.test("--mpirun-args takes a value that starts with a dash, split at spaces", () => {
  assert.deepEqual(parseRunArgs(["--mpirun-args", "--map-by node -x A=1"]).mpirunArgs, [
    "--map-by",
    "node",
    "-x",
    "A=1",
  ]);
  assert.equal(parseRunArgs(["--hostfile", "hosts"]).hostfile, "hosts");
});
