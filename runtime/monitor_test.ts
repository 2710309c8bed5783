import assert from "node:assert/strict";
import * as W from "../dsl/mod.ts";
import { instanceCounts } from "./assign.ts";
import { Executor } from "./executor.ts";
import { rootInputs } from "./inputs.ts";
import { layout } from "./layout.ts";
import { loadCode } from "./load.ts";
import { BUCKETS, Probe } from "./monitor.ts";

const spin = (ms: number) => {
  const t = performance.now();
  while (performance.now() - t < ms);
};
const ctx = {} as never;
const hosted = [{ gid: 0, pe: "parent", instance: 0 }, { gid: 1, pe: "child", instance: 0 }];

Deno.test("the probe charges a call its own time, not that of the calls its writes make", () => {
  const probe = new Probe(2);
  const calls = [0, 0];
  probe.begin([0, 1], (gid) => calls[gid]);
  const child = { process: () => void (calls[1]++, spin(2)) };
  const parent = { process: () => void (calls[0]++, probe.process(1, child, undefined, 0, ctx)) };
  for (let i = 0; i < 40; i++) probe.process(0, parent, undefined, i, ctx);
  const [p, c] = probe.report(0, hosted, [], true).instances;
  assert.equal(p.calls, 40);
  assert.equal(c.calls, 40);
  // The child spins 2 ms a call, the parent does next to nothing of its own.
  assert.ok(c.processMs > p.processMs, `parent ${p.processMs} ms, child ${c.processMs} ms`);
  const traced = c.hist.reduce((a, b) => a + b, 0);
  // One sample in four at a call's entry traces it: none in 40 calls is a chance of 1 in 100,000.
  assert.ok(traced > 0 && traced <= 40);
  assert.equal(c.hist.length, BUCKETS);
  // Calls of 2 ms or more: none in the buckets below 1 ms.
  assert.equal(c.hist.slice(0, 11).reduce((a, b) => a + b, 0), 0, JSON.stringify(c.hist));
});

Deno.test("the estimates of microsecond calls add up to the time they took, each in its share", () => {
  // Samples grow sparse (one boundary in tens). Each parent call spins about 1 µs of its own
  // and makes a child call that spins about 3 µs.
  const probe = new Probe(2);
  const calls = [0, 0];
  probe.begin([0, 1], (gid) => calls[gid]);
  const child = { process: () => void (calls[1]++, spin(0.003)) };
  const parent = {
    process: () => void (calls[0]++, spin(0.001), probe.process(1, child, undefined, 0, ctx)),
  };
  const start = performance.now();
  for (let i = 0; i < 60_000; i++) probe.process(0, parent, undefined, i, ctx);
  const wall = performance.now() - start;
  const [p, c] = probe.report(0, hosted, [], true).instances;
  assert.deepEqual([p.calls, c.calls], [60_000, 60_000]);
  // Spinning loops read the clock and overshoot, so shares are loose; children charged to their
  // parents would make the parent look the busier.
  const ratio = c.processMs / p.processMs;
  assert.ok(ratio > 1.5 && ratio < 6, `parent ${p.processMs} ms, child ${c.processMs} ms`);
  const total = p.processMs + c.processMs;
  assert.ok(total > 0.7 * wall && total < 1.2 * wall, `estimated ${total} ms of ${wall} ms`);
});

Deno.test("the probe times asynchronous calls when they settle, and counts writes", async () => {
  const nap = W.pe(W.fn("nap", async (x: number) => {
    await new Promise((r) => setTimeout(r, 5));
    return x;
  }));
  const src = W.pe(W.producer("src", (i: number) => i));
  const wf = W.workflow("w", [W.connect(src.out.output, nap.in.input)]);
  const graph = W.compile(wf, "mem:w");
  const out: Array<unknown> = [];
  const exec = new Executor({
    graph,
    layout: layout(graph, instanceCounts(graph)),
    code: await loadCode(graph, new Map([["mem:w", { w: wf }]])),
    onResult: (_pe, _port, d) => void out.push(d),
    monitor: true,
  });
  await exec.run(rootInputs(graph, {}, 3));
  const r = exec.monitorReport(0)!;
  const by = new Map(r.instances.map((i) => [i.pe, i]));
  assert.deepEqual([by.get("src")!.calls, by.get("src")!.out], [3, 3]);
  assert.deepEqual([by.get("nap")!.calls, by.get("nap")!.out], [3, 3]);
  // Each asynchronous call is timed once, when it settles.
  assert.equal(by.get("nap")!.hist.reduce((a, b) => a + b, 0), 3);
  assert.ok(by.get("nap")!.processMs > 0);
  assert.equal(out.length, 3);
  assert.ok(r.spans.length > 0 && r.spans.every(([pe]) => pe === "src" || pe === "nap"));
});

Deno.test("an executor not asked to monitor has no report", async () => {
  const src = W.pe(W.producer("src", (i: number) => i));
  const wf = W.workflow("w", [src]);
  const graph = W.compile(wf, "mem:w");
  const exec = new Executor({
    graph,
    layout: layout(graph, instanceCounts(graph)),
    code: await loadCode(graph, new Map([["mem:w", { w: wf }]])),
    onResult: () => {},
  });
  await exec.run(rootInputs(graph, {}, 3));
  assert.equal(exec.monitorReport(0), undefined);
});

Deno.test("a report's size does not grow with the number of data units", async () => {
  const sizes: Array<number> = [];
  for (const items of [10_000, 400_000]) {
    const { workflow } = await import("../bench/pipeline.ts");
    const graph = W.compile(workflow, "mem:p");
    const exec = new Executor({
      graph,
      layout: layout(graph, instanceCounts(graph)),
      code: await loadCode(graph, new Map([["mem:p", { workflow }]])),
      onResult: () => {},
      monitor: true,
    });
    await exec.run(rootInputs(graph, { numbers: [items] }));
    const report = exec.monitorReport(0);
    assert.equal(report!.instances.find((i) => i.pe === "double")!.calls, items);
    sizes.push(JSON.stringify(report).length);
  }
  // Counters, 24 buckets, at most a few hundred bins and 256 spans: tens of kB at most.
  assert.ok(sizes.every((s) => s < 64_000), JSON.stringify(sizes));
});
