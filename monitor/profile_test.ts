import assert from "node:assert/strict";
import type { HostReport, InstanceStats } from "../runtime/monitor.ts";
import { profile } from "./profile.ts";

const inst = (pe: string, instance: number, over: Partial<InstanceStats> = {}): InstanceStats => ({
  pe,
  instance,
  calls: 100,
  out: 100,
  processMs: 0,
  writeMs: 0,
  blockedMs: 0,
  hist: new Array(24).fill(0),
  busy: [],
  callsPer: [],
  ...over,
});

Deno.test("a profile sums PEs over hosts and puts their timelines on one grid", () => {
  const hist = (b: number, n: number) => Object.assign(new Array(24).fill(0), { [b]: n });
  const reports: Array<HostReport> = [
    {
      host: 0,
      start: 1000,
      end: 1200,
      final: true,
      binMs: 50,
      samples: 1,
      spans: [["src", 0, 10, 0.5]],
      links: [],
      instances: [
        inst("src", 0, {
          calls: 1,
          processMs: 20,
          blockedMs: 100,
          busy: [10, 10, 0, 0],
          callsPer: [1, 0, 0, 0],
        }),
        inst("f", 0, {
          processMs: 100,
          writeMs: 20,
          hist: hist(3, 10),
          busy: [40, 40, 40, 0],
          callsPer: [30, 30, 40, 0],
        }),
      ],
    },
    {
      host: 1,
      // Started 100 ms later, with bins twice as wide.
      start: 1100,
      end: 1300,
      final: false,
      binMs: 100,
      samples: 1,
      spans: [["f", 1, 10, 2]],
      links: [{ from: 0, batches: 4, latencySumMs: 8, latencyMaxMs: 5, depthSum: 2, depthMax: 1 }],
      instances: [inst("f", 1, { processMs: 50, hist: hist(5, 5), busy: [50, 0], callsPer: [60, 10] })],
    },
  ];
  const p = profile(reports, ["src", "f"]);
  assert.equal(p.wallMs, 300);
  assert.deepEqual(p.pes.map((x) => [x.pe, x.instances, x.calls, x.processMs, x.writeMs]), [
    ["src", 1, 1, 20, 0],
    ["f", 2, 200, 150, 20],
  ]);
  const f = p.pes[1];
  // Busy: (100 + 20) / 200 and 50 / 200, averaged over the two instances.
  assert.equal(f.busy, (0.6 + 0.25) / 2);
  assert.equal(f.hist[3], 10);
  assert.equal(f.hist[5], 5);
  // src: 200 ms on its host, 20 in calls, 100 blocked: 80 waiting.
  assert.deepEqual([p.pes[0].waitMs, p.pes[0].blocked], [80, 0.5]);
  assert.equal(p.binMs, 100);
  assert.deepEqual(p.timeline, [[0.2, 0, 0], [0.8, 0.4, 0], [0, 0.5, 0]]);
  assert.deepEqual(p.throughput, [[10, 0, 0], [600, 1000, 100]]);
  assert.deepEqual(p.assignment, [{ host: 0, instances: ["src", "f[0]"] }, { host: 1, instances: ["f[1]"] }]);
  assert.deepEqual(p.links, [{
    from: 0,
    to: 1,
    batches: 4,
    latencyMeanMs: 2,
    latencyMaxMs: 5,
    depthMean: 0.5,
    depthMax: 1,
  }]);
  assert.deepEqual(p.spans, [["src", 0, 10, 0.5], ["f", 1, 110, 2]]);
  assert.equal(p.complete, false);
});

Deno.test("a profile of no reports is empty", () => {
  const p = profile([]);
  assert.deepEqual([p.pes, p.instances, p.wallMs, p.complete], [[], [], 0, false]);
});
