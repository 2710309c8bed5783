import assert from "node:assert/strict";
import { fromJson } from "../ir/json.ts";
import { runCli } from "./run_cli.ts";

const cli = runCli;

const jsonl = (text: string) => text.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));

const text = async (content: string) => {
  const path = await Deno.makeTempFile({ suffix: ".txt" });
  await Deno.writeTextFile(path, content);
  return path;
};

Deno.test("CLI runs a workflow module and writes JSON Lines results", async () => {
  const path = await text("Stream, stream and STREAM again");
  const r = await cli(["examples/word_count.ts", "-d", JSON.stringify({ read: [path] })]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(jsonl(r.stdout), [
    { pe: "count", port: "output", data: ["stream", 3] },
    { pe: "count", port: "output", data: ["and", 1] },
    { pe: "count", port: "output", data: ["again", 1] },
  ]);
  const dict = await cli(["examples/word_count.ts", "-d", JSON.stringify({ read: [{ input: path }] })]);
  assert.equal(dict.stdout, r.stdout);
});

Deno.test("CLI takes inputs from -f, writes to --out, and runs modules through mod.ts run", async () => {
  const path = await text("one two two");
  const inputs = await Deno.makeTempFile({ suffix: ".json" });
  await Deno.writeTextFile(inputs, JSON.stringify({ read: [path] }));
  const out = await Deno.makeTempFile({ suffix: ".jsonl" });
  const r = await cli(["mod.ts", "run", "examples/word_count.ts", "-f", inputs, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "");
  assert.deepEqual(jsonl(await Deno.readTextFile(out)).map((x) => x.data), [["one", 1], ["two", 2]]);
});

Deno.test("CLI -i runs every root that many times", async () => {
  const r = await cli(["examples/graph_testing/unconnected_pipeline.ts", "-i", "3"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(jsonl(r.stdout).map((x) => [x.pe, x.data]), [
    ["TestOneInOneOut5", 1],
    ["TestOneInOneOut5", 2],
    ["TestOneInOneOut5", 3],
    ["TestOneInOneOut11", 1],
    ["TestOneInOneOut11", 2],
    ["TestOneInOneOut11", 3],
  ]);
});

Deno.test("CLI mod.ts run picks a workflow with -a when a module has several", async () => {
  const many = await cli(["mod.ts", "run", "tests/fixtures/two_workflows.ts"]);
  assert.equal(many.code, 2);
  assert.match(many.stderr, /exports several workflows \(first, second\): choose one with -a NAME/);
  const r = await cli(["mod.ts", "run", "tests/fixtures/two_workflows.ts", "-a", "second"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(jsonl(r.stdout), [{ pe: "two", port: "output", data: 2 }]);
});

Deno.test("CLI bad input: one line on stderr naming the problem, exit code 2", async () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ["examples/word_count.ts", "--target", "sparkle"],
      /^error: Unknown target "sparkle": available: simple, workers, multi, mpi, spark, storm$/,
    ],
    [["examples/word_count.ts", "-d", "{read: ["], /^error: Malformed JSON in -d: /],
    [
      ["examples/word_count.ts", "-f", "/no/such/inputs.json"],
      /^error: Cannot read inputs file "\/no\/such\/inputs.json": no such file$/,
    ],
    [
      ["examples/word_count.ts", "-d", '{"reed": ["a.txt"]}'],
      /^error: Unknown PE "reed" in the inputs \(roots: read\)$/,
    ],
    [
      ["examples/word_count.ts", "-d", '{"count": ["a.txt"]}'],
      /^error: PE "count" in the inputs is not a root: its inputs are connected$/,
    ],
    [["examples/word_count.ts"], /^error: PE "read" takes input data on input: pass it with -d/],
    [["examples/word_count.ts", "-n", "zero"], /^error: Option -n takes a whole number >= 1, got "zero"$/],
    [["examples/word_count.ts", "-n", "-3"], /^error: Option -n takes a whole number >= 1, got "-3"$/],
    [["examples/word_count.ts", "--bogus"], /^error: Unknown option '--bogus' \(see --help\)$/],
    [["examples/word_count.ts", "extra"], /^error: Unexpected argument "extra" \(see --help\)$/],
    [
      ["mod.ts", "run", "examples/word_count.ts", "extra"],
      /^error: Unexpected argument "extra" \(see --help\)$/,
    ],
    [
      ["examples/word_count.ts", "-d", "null"],
      /^error: The inputs in -d must be a JSON object \{"<pe>": \.\.\.\}, got null$/,
    ],
    [
      ["examples/word_count.ts", "-d", '{"read": ["README.md"]}', "-o", "/no/such/dir/out.jsonl"],
      /^error: Cannot write results to "\/no\/such\/dir\/out.jsonl": no such directory$/,
    ],
    [["tests/fixtures/cycle.ts"], /^error: invalid workflow "cycle": The workflow has a cycle: a -> b -> a$/],
    [
      ["mod.ts", "run", "tests/fixtures/missing.ts"],
      /^error: Cannot load workflow module "tests\/fixtures\/missing.ts": /,
    ],
    [["mod.ts", "run", "ir/graph.ts"], /^error: Module "ir\/graph.ts" exports no workflow$/],
  ];
  for (const [args, pattern] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], pattern);
  }
});

Deno.test("CLI PE failure: names the PE, instance and data unit, exit code 1, no stack trace", async () => {
  const r = await cli(["examples/word_count.ts", "-d", '{"read": ["/no/such/file.txt"]}']);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr.trim(),
    /^error: PE "read" instance 0 failed on data unit "\/no\/such\/file.txt": NotFound: /,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

Deno.test("CLI --progress prints a progress line on runs longer than a second", async () => {
  const r = await cli(["tests/fixtures/slow.ts", "-i", "15", "--progress"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(jsonl(r.stdout).length, 15);
  assert.match(r.stderr, /^1\.\ds {2}src \d+ {2}nap \d+ {2}\(\d+ items\/s\)$/m);
});

Deno.test("CLI --ir prints the graph IR as JSON", async () => {
  const r = await cli(["examples/graph_testing/pipeline_composite.ts", "--ir"]);
  assert.equal(r.code, 0, r.stderr);
  const graph = fromJson(r.stdout);
  assert.deepEqual(graph.nodes.map((n) => n.id), [
    "TestProducer4",
    "chain/PE_addTwo",
    "chain/PE_multiplyByFour",
    "chain/PE_divideByTwo",
    "chain/PE_subtract",
  ]);
});
