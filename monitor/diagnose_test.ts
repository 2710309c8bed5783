import assert from "node:assert/strict";
import * as W from "../dsl/mod.ts";
import { diagnose, spread, suggestAllocation } from "./diagnose.ts";
import type { PeProfile, RunProfile } from "./profile.ts";

const src = W.pe(W.producer("src", (i: number) => i));
const a = W.pe(W.fn("a", (x: number) => x));
const b = W.pe(W.fn("b", (x: number) => x));
const total = W.pe(W.fn("total", (x: number) => x).pipe(W.allToOne("input")));
const graph = W.compile(
  W.workflow("w", [
    W.connect(src.out.output, a.in.input),
    W.connect(a.out.output, b.in.input),
    W.connect(b.out.output, total.in.input),
  ]),
  "m",
);

const pe = (name: string, busy: number, blocked = 0, instances = 1): PeProfile => ({
  pe: name,
  instances,
  calls: 10,
  out: 10,
  processMs: busy * 1000 * instances,
  writeMs: 0,
  blockedMs: blocked * 1000,
  waitMs: 0,
  busy,
  blocked,
  hist: [],
});
const prof = (...pes: Array<PeProfile>) => ({ pes }) as unknown as RunProfile;
const ones = { src: 1, a: 1, b: 1, total: 1 };

Deno.test("spread gives each PE one instance, then each next one where work per instance is largest", () => {
  assert.deepEqual(spread([10, 1], 4), [3, 1]);
  assert.deepEqual(spread([1, 1, 1], 3), [1, 1, 1]);
  // Work per instance at most 1 either way; the tie goes to the first.
  assert.deepEqual(spread([1, 3], 5), [2, 3]);
  assert.deepEqual(spread([2, 1], 2), [1, 1]);
  assert.deepEqual(spread([0, 0], 3), [2, 1]);
});

Deno.test("the bottleneck is named with its upstream's blocked time, and gets the instances", () => {
  const d = diagnose(
    graph,
    prof(pe("src", 0.1), pe("a", 0.1, 0.8), pe("b", 0.96), pe("total", 0.05)),
    ones,
    6,
  );
  assert.equal(d.bottleneck, "b");
  assert.equal(
    d.sentences[0],
    "b is busy 96% of the run while its upstream a is blocked 80% of the time: give it more instances.",
  );
  assert.equal(d.budget, 6);
  assert.deepEqual(d.allocation.map((x) => [x.pe, x.current, x.suggested]), [
    ["src", 1, 1],
    ["a", 1, 1],
    ["b", 1, 5],
    ["total", 1, 1],
  ]);
  assert.equal(d.sentences[1], "Suggested for 6 instances, from the measured busy times: b 1 → 5.");
  assert.match(d.allocation[0].fixed!, /root/);
  assert.match(d.allocation[3].fixed!, /allToOne/);
});

Deno.test("a busy PE whose count cannot change is named, and the advice says so", () => {
  const d = diagnose(graph, prof(pe("src", 0.9), pe("a", 0.2), pe("b", 0.2), pe("total", 0.1)), ones);
  assert.equal(d.bottleneck, "src");
  assert.equal(
    d.sentences[0],
    "src is busy 90% of the run: it limits the throughput; its count cannot change (a root: its data comes from one feed).",
  );
  // The two movable PEs keep their two instances between them.
  assert.deepEqual(d.allocation.map((x) => x.suggested), [1, 1, 1, 1]);
  assert.equal(d.sentences[1], "The allocation fits the measured work: keep it.");
});

Deno.test("with no PE busy half of the run, no bottleneck is named", () => {
  const d = diagnose(graph, prof(pe("src", 0.1), pe("a", 0.3), pe("b", 0.2), pe("total", 0.1)), ones);
  assert.equal(d.bottleneck, undefined);
  assert.match(d.sentences[0], /^No PE is busy more than half of the run \(the busiest, a, 30%\)/);
});

Deno.test("the budget is the instances the movable PEs had, or -n if more", () => {
  const p = prof(pe("src", 0.1), pe("a", 0.5, 0, 3), pe("b", 0.5), pe("total", 0.1));
  assert.equal(suggestAllocation(graph, p, { src: 1, a: 3, b: 1, total: 1 }).budget, 4);
  assert.equal(suggestAllocation(graph, p, { src: 1, a: 3, b: 1, total: 1 }, 8).budget, 8);
  // a did three times b's work: 3 instances of 4, as it had.
  assert.deepEqual(
    suggestAllocation(graph, p, { src: 1, a: 3, b: 1, total: 1 }).allocation.map((x) => x.suggested),
    [1, 3, 1, 1],
  );
});

Deno.test("a run with nothing measured says so", () => {
  assert.deepEqual(diagnose(graph, prof(), ones).sentences, ["Nothing was measured yet."]);
});

Deno.test("a PE doing most of the work is named even when no PE is busy half of the run", () => {
  const d = diagnose(graph, prof(pe("src", 0.02), pe("a", 0.3), pe("b", 0.03), pe("total", 0.01)), ones, 4);
  assert.equal(d.bottleneck, "a");
  assert.match(d.sentences[0], /^a does 83% of the measured work, though it is busy only 30% of the run/);
  assert.match(d.sentences[0], /more instances of it would help most\.$/);
  assert.deepEqual(d.allocation.map((x) => x.suggested), [1, 3, 1, 1]);
});
