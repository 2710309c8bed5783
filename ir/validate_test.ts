import assert from "node:assert/strict";
import { type Edge, type Graph, IR_VERSION, type Node, nodeId } from "./graph.ts";
import { problems } from "./validate.ts";

const code = { module: "file:///wf.ts", workflow: "wf", path: [] };
const node = (
  id: string,
  inputs: string[] = ["input"],
  outputs: string[] = ["output"],
  extra: Partial<Node> = {},
): Node => ({
  id: nodeId(id),
  pe: id,
  kind: "generic",
  inputs,
  outputs,
  code,
  ...extra,
});
const edge = (from: string, to: string, toPort = "input", fromPort = "output"): Edge => ({
  from: { node: nodeId(from), port: fromPort },
  to: { node: nodeId(to), port: toPort },
  grouping: { _tag: "Shuffle" },
});
const graph = (nodes: Node[], edges: Edge[]): Graph => ({
  version: IR_VERSION,
  name: "wf",
  module: "file:///wf.ts",
  nodes,
  edges,
});

Deno.test("problems() is empty for a valid pipeline", () => {
  assert.deepEqual(
    problems(graph([node("p", []), node("a"), node("b")], [edge("p", "a"), edge("a", "b")])),
    [],
  );
});

Deno.test("problems() names unknown PEs and ports", () => {
  assert.deepEqual(
    problems(graph([node("p", []), node("a")], [edge("p", "x"), edge("p", "a", "in", "out")])),
    [
      'A connection ends at unknown PE "x"',
      'PE "p" has no output port "out" (its outputs: output)',
      'PE "a" has no input port "in" (its inputs: input)',
    ],
  );
});

Deno.test("problems() finds duplicate names, bad instance counts and duplicate connections", () => {
  const found = problems(
    graph([node("p", []), node("p", []), node("a", ["input"], ["output"], { instances: 0 })], [
      edge("p", "a"),
      edge("p", "a"),
    ]),
  );
  assert.deepEqual(found, [
    'Duplicate PE name "p": give each node its own name',
    'PE "a" has an invalid instance count 0: use a whole number >= 1',
    "Duplicate connection p.output -> a.input",
  ]);
});

Deno.test("problems() finds a partly connected PE and groupBy without key", () => {
  const g = graph([node("p", []), node("m", ["left", "right"])], [{
    ...edge("p", "m", "left"),
    grouping: { _tag: "GroupBy", key: { _tag: "Fields", fields: [] } },
  }]);
  assert.deepEqual(problems(g), [
    'groupBy on input "left" of "m" has no key: give fields or a key function',
    'Input "right" of PE "m" is not connected',
  ]);
});

Deno.test("problems() names a cycle", () => {
  const g = graph([node("p", []), node("a", ["input", "back"]), node("b")], [
    edge("p", "a"),
    edge("a", "b"),
    edge("b", "a", "back"),
  ]);
  assert.deepEqual(problems(g), ["The workflow has a cycle: a -> b -> a"]);
});
