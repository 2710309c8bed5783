import assert from "node:assert/strict";
import { compile } from "../dsl/compile.ts";
import { workflow as composite } from "../examples/graph_testing/pipeline_composite.ts";
import { workflow as wordCount } from "../examples/word_count.ts";
import { toDot } from "../ir/dot.ts";
import { instanceCounts } from "../runtime/assign.ts";
import { renderSvg } from "./dot.ts";
import { runCli } from "../tests/run_cli.ts";

Deno.test("toDot() draws ports, composites as clusters, groupings and instance counts", () => {
  const dot = toDot(compile(composite, "m"));
  assert.match(dot, /subgraph cluster_0 \{\n\s+label="chain";/);
  assert.match(
    dot,
    /"chain\/PE_addTwo" \[label="\{\{<in_input>input\}\|PE_addTwo\\nfunction\|\{<out_output>output\}\}"\];/,
  );
  assert.match(dot, /"TestProducer4":"out_output" -> "chain\/PE_addTwo":"in_input";/);
  const g = compile(wordCount, "m");
  const counted = toDot(g, instanceCounts(g, 5));
  assert.match(counted, /"split":"out_output" -> "count":"in_input" \[label="groupBy fn"\];/);
  assert.match(counted, /count\\n×2/);
});

Deno.test("renderSvg() renders the DOT text with Graphviz", async () => {
  const svg = await renderSvg(toDot(compile(composite, "m")));
  assert.match(svg, /^<\?xml/);
  assert.equal((svg.match(/class="node"/g) ?? []).length, 5);
  assert.equal((svg.match(/class="cluster"/g) ?? []).length, 1);
  assert.equal((svg.match(/class="edge"/g) ?? []).length, 4);
});

Deno.test("deno task dot writes an SVG file and reports bad formats", async () => {
  const out = await Deno.makeTempFile({ suffix: ".svg" });
  const run = (args: string[]) => runCli(["cli/dot.ts", ...args]);
  const ok = await run(["examples/word_count.ts", "-o", out]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(await Deno.readTextFile(out), /<svg[\s\S]*count[\s\S]*<\/svg>/);
  const bad = await run(["examples/word_count.ts", "--format", "png"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim(), 'error: Unknown format "png": use dot or svg');
  const png = await run(["examples/word_count.ts", "-o", "wc.png"]);
  assert.equal(png.code, 2);
  assert.equal(
    png.stderr.trim(),
    'error: Cannot tell the format of "wc.png": name it .svg or .dot, or pass --format',
  );
  const mismatch = await run(["examples/word_count.ts", "-o", "wc.dot", "--format", "svg"]);
  assert.equal(mismatch.code, 2);
  assert.match(
    mismatch.stderr,
    /--format svg does not match the extension of "wc.dot"/,
  );
});

Deno.test("deno task dot draws an invalid workflow with its problems, then exits 2", async () => {
  const out = await Deno.makeTempFile({ suffix: ".dot" });
  const r = await runCli(["cli/dot.ts", "tests/fixtures/cycle.ts", "-o", out]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /error: invalid workflow "cycle": The workflow has a cycle: a -> b -> a/,
  );
  const dot = await Deno.readTextFile(out);
  assert.match(dot, /label="Invalid workflow:\\lThe workflow has a cycle: a -> b -> a\\l"/);
  assert.match(dot, /"a":"out_output" -> "b":"in_input"/);
  assert.match(dot, /"b":"out_output" -> "a":"in_input"/);
});
