import assert from "node:assert/strict";
import * as W from "../mod.ts";
import { instanceCounts } from "./assign.ts";
import { layout } from "./layout.ts";
import { cyclicChannels, describePlacement, links, place } from "./placement.ts";

const chain = (partitions = false) => {
  const p = W.pe(W.producer("p", (i: number) => i));
  const a = W.pe(W.fn("a", (x: number) => x).pipe(W.instances(2)));
  const b = W.pe(W.fn("b", (x: number) => x).pipe(W.instances(2)));
  const c = W.pe(W.fn("c", (x: number) => x));
  const parts = [
    W.connect(p.out.output, a.in.input),
    W.connect(a.out.output, b.in.input),
    W.connect(b.out.output, c.in.input),
  ];
  const wf = W.workflow("chain", parts, partitions ? { partitions: [[a, c]] } : {});
  const g = W.compile(wf, "m");
  return { g, l: layout(g, instanceCounts(g, 4)) };
};

Deno.test("place() gives each instance a worker when there are enough", () => {
  const { g, l } = chain();
  assert.deepEqual(place(g, l, 8), { processes: 6, processOf: [0, 1, 2, 3, 4, 5] });
});

Deno.test("place() packs contiguous runs of the topological order, keeping the worker graph acyclic", () => {
  const { g, l } = chain();
  const placement = place(g, l, 2);
  assert.deepEqual(describePlacement(l, placement, "worker"), [
    "worker 0: p, a[0], a[1]",
    "worker 1: b[0], b[1], c",
  ]);
  assert.deepEqual(links(g, l, placement), [[0, 1]]);
  assert.equal(cyclicChannels(2, links(g, l, placement))[0][1], false, "the one link may block");
});

Deno.test("place() keeps a partition whole; links that could close a cycle are marked", () => {
  const { g, l } = chain(true);
  const placement = place(g, l, 8);
  const lines = describePlacement(l, placement, "worker");
  assert.ok(lines.includes("worker 1: a[0], a[1], c"), lines.join("; "));
  const cyclic = cyclicChannels(placement.processes, links(g, l, placement));
  const w = (name: string) => lines.findIndex((x) => x.includes(name));
  assert.equal(cyclic[w("a[0]")][w("b[0]")], true);
  assert.equal(cyclic[w("b[0]")][w("a[0]")], true);
  assert.equal(cyclic[w("p")][w("a[0]")], false);
});
