import assert from "node:assert/strict";
import * as W from "../mod.ts";
import { rootInputs } from "./inputs.ts";

const graph = () => {
  const read = W.pe(W.fn("read", (path: string) => path));
  const tick = W.pe(W.producer("tick", (i: number) => i));
  const pair = W.pe(W.generic({
    name: "pair",
    inputs: { left: W.port<number>(), right: W.port<number>() },
    outputs: { output: W.port<number>() },
    process: (input, ctx) => void ctx.write("output", input.data),
  }));
  const after = W.pe(W.fn("after", (x: string) => x));
  return W.compile(W.workflow("roots", [read, tick, pair, W.connect(read.out.output, after.in.input)]), "m");
};

Deno.test("rootInputs() takes counts, port dicts and the shorthand, and defaults the rest", () => {
  const feeds = rootInputs(
    graph(),
    { read: [{ input: "a" }, "b"], pair: [{ left: 1, right: 2 }], tick: 2 },
    5,
  );
  assert.deepEqual(feeds.get("read"), {
    _tag: "Data",
    units: [{ port: "input", data: "a" }, { port: "input", data: "b" }],
  });
  assert.deepEqual(feeds.get("pair"), {
    _tag: "Data",
    units: [{ port: "left", data: 1 }, { port: "right", data: 2 }],
  });
  assert.deepEqual(feeds.get("tick"), { _tag: "Iterations", count: 2 });
  assert.deepEqual([...rootInputs(graph(), { read: [], pair: [] }, 5).values()].map((f) => f._tag), [
    "Data",
    "Iterations",
    "Data",
  ]);
});

Deno.test("rootInputs() names what is wrong with bad inputs", () => {
  const bad = (spec: unknown, message: string) => assert.throws(() => rootInputs(graph(), spec), { message });
  bad([1], "Inputs must be a JSON object mapping PE names to a count or a list");
  bad({ pair: [3], read: [] }, 'PE "pair" has inputs left, right: give each data unit as {"<port>": value}');
  bad({ tick: -1, read: [], pair: [] }, 'Input count for PE "tick" must be a whole number >= 0, got -1');
  bad({ tick: "x", read: [], pair: [] }, 'Inputs for PE "tick" must be a count or a list, got "x"');
  bad({ read: [] }, `PE "pair" takes input data on left, right: pass it with -d '{"pair": [...]}'`);
  bad({ after: [], read: [], pair: [] }, 'PE "after" in the inputs is not a root: its inputs are connected');
});

Deno.test("rootInputs() takes a chain or composite used as a root by its own name", () => {
  const calc = W.pe(W.chain("calc", [(x: number) => x + 1, (x: number) => x * 2]));
  const g = W.compile(W.workflow("chained", [calc]), "m");
  const [root] = [...rootInputs(g, { calc: [1, 2] }).entries()];
  assert.match(root[0], /^calc\//);
  assert.deepEqual(root[1], {
    _tag: "Data",
    units: [{ port: "input", data: 1 }, { port: "input", data: 2 }],
  });
});
