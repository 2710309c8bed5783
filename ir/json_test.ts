import assert from "node:assert/strict";
import { workflow as composite } from "../examples/graph_testing/pipeline_composite.ts";
import { workflow as wordCount } from "../examples/word_count.ts";
import { compile } from "../dsl/compile.ts";
import { BadGraphJson, fromJson, toJson } from "./json.ts";
import { InvalidGraph } from "./validate.ts";

Deno.test("fromJson(toJson(ir)) equals ir", () => {
  for (const wf of [composite, wordCount]) {
    const ir = compile(wf, "file:///wf.ts");
    assert.deepEqual(fromJson(toJson(ir)), ir);
  }
});

Deno.test("fromJson() names where malformed JSON breaks", () => {
  const ir = JSON.parse(toJson(compile(wordCount, "file:///wf.ts")));
  const bad = (mutate: (g: Record<string, unknown>) => void, pattern: RegExp) => {
    const g = structuredClone(ir);
    mutate(g);
    assert.throws(
      () => fromJson(JSON.stringify(g)),
      (e: unknown) => e instanceof BadGraphJson && pattern.test(e.message),
    );
  };
  assert.throws(() => fromJson("{"), BadGraphJson);
  bad((g) => (g.version = 99), /^Bad workflow JSON: version: expected 1/);
  bad(
    (g) => ((g.nodes as Array<Record<string, unknown>>)[1].kind = "blob"),
    /nodes\[1\]\.kind: expected one of/,
  );
  bad(
    (g) => ((g.edges as Array<Record<string, unknown>>)[0].grouping = { _tag: "Random" }),
    /edges\[0\]\.grouping\._tag/,
  );
  bad(
    (g) => delete (g.nodes as Array<Record<string, unknown>>)[0].code,
    /nodes\[0\]\.code: expected an object/,
  );
});

Deno.test("fromJson() validates the graph it decodes", () => {
  const g = JSON.parse(toJson(compile(wordCount, "file:///wf.ts")));
  g.edges[0].to.port = "nope";
  assert.throws(
    () => fromJson(JSON.stringify(g)),
    (e: unknown) => e instanceof InvalidGraph && /no input port "nope"/.test(e.message),
  );
});
