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

Deno.test("a PE whose inputs are all allToOne runs once under -n, unless its count is explicit", async () => {
  const numbers = W.pe(W.producer("numbers", function* (_i: number) {
    yield* [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  }));
  const double = W.pe(W.fn("double", (x: number) => 2 * x));
  const counter = W.iterative({
    name: "counter",
    output: W.port<number>(),
    state: () => ({ n: 0 }),
    process: (_x: number, ctx) => {
      ctx.state.n++;
    },
    flush: (ctx) => ctx.write("output", ctx.state.n),
  });
  const total = W.pe(counter.pipe(W.allToOne("input")));
  const wf = W.workflow("total", [
    W.connect(numbers.out.output, double.in.input),
    W.connect(double.out.output, total.in.input),
  ]);
  const counts = instanceCounts(W.compile(wf, "file:///total.ts"), 4);
  assert.deepEqual(Object.fromEntries(counts), { numbers: 1, double: 3, counter: 1 });
  assert.deepEqual((await W.collect(wf, { processes: 4 })).map((r) => r.data), [10]);

  const fixed = W.pe(counter.pipe(W.allToOne("input"), W.instances(3)), "fixed");
  const explicit = W.workflow("explicit", [W.connect(numbers.out.output, fixed.in.input)]);
  assert.equal(instanceCounts(W.compile(explicit, "file:///explicit.ts"), 4).get("fixed"), 3);
  assert.deepEqual((await W.collect(explicit, { processes: 4 })).map((r) => r.data), [10, 0, 0]);

  // One input grouped otherwise is enough for the node to share -n as before.
  const mixed = W.pe(
    W.generic({
      name: "mixed",
      inputs: { a: W.port<number>(), b: W.port<number>() },
      outputs: {},
      process: () => {},
    }).pipe(W.allToOne("a")),
  );
  const both = W.workflow("both", [
    W.connect(numbers.out.output, double.in.input),
    W.connect(double.out.output, mixed.in.a),
    W.connect(numbers.out.output, mixed.in.b),
  ]);
  assert.deepEqual(Object.fromEntries(instanceCounts(W.compile(both, "file:///both.ts"), 4)), {
    numbers: 1,
    double: 2,
    mixed: 2,
  });
});
