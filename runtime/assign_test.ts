import assert from "node:assert/strict";
import * as W from "../mod.ts";
import { instanceCounts } from "./assign.ts";

const read = W.pe(W.producer("read", (i: number) => i).pipe(W.instances(2)));
const split = W.pe(W.fn("split", (x: number) => x));
const count = W.pe(W.fn("count", (x: number) => x).pipe(W.instances(3)));
const graph = W.compile(
  W.workflow("wf", [W.connect(read.out.output, split.in.input), W.connect(split.out.output, count.in.input)]),
  "file:///wf.ts",
);

Deno.test("instanceCounts: explicit counts win, roots included; the others share what is left of -n", () => {
  assert.deepEqual(Object.fromEntries(instanceCounts(graph, 8)), { read: 2, split: 5, count: 3 });
  assert.deepEqual(Object.fromEntries(instanceCounts(graph, 2)), { read: 2, split: 1, count: 3 });
  assert.deepEqual(Object.fromEntries(instanceCounts(graph)), { read: 1, split: 1, count: 1 });
});

/** Loaded by the workers from this module, by name. */
export const roots = W.workflow("roots", [W.connect(read.out.output, split.in.input)]);

Deno.test("a root with two instances runs each input once, on simple and on workers", async () => {
  const module = new URL("./assign_test.ts", import.meta.url).href;
  for (const target of [W.simple, W.targets.workers]) {
    const results = await W.collect(roots, { target, processes: 2, iterations: 6, module });
    assert.deepEqual(results.map((r) => r.data).sort(), [0, 1, 2, 3, 4, 5], target.name);
  }
});
