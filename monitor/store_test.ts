import assert from "node:assert/strict";
import type { HostReport } from "../runtime/monitor.ts";
import { Store } from "./store.ts";

const report = (host: number, calls: number, final = true): HostReport => ({
  host,
  start: 1000,
  end: 2000,
  final,
  binMs: 25,
  samples: 1,
  links: [],
  spans: [],
  instances: [{
    pe: "<b>pe</b>",
    instance: 0,
    calls,
    out: calls,
    processMs: 1,
    writeMs: 0,
    blockedMs: 0,
    hist: [],
    busy: [],
    callsPer: [],
  }],
});

Deno.test("the store keeps runs newest first, the latest report per host, and how runs ended", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/sub/m.db`;
  const store = Store.open(path);
  const a = store.startRun(
    { workflow: "a", module: "m", target: "simple", counts: { p: 1 }, graph: "{}" },
    10,
  );
  const b = store.startRun(
    {
      workflow: "b",
      module: "m",
      target: "workers",
      processes: 4,
      counts: { p: 2 },
      graph: "{}",
      plannedFrom: a,
    },
    20,
  );
  store.saveReport(b, report(0, 5, false));
  store.saveReport(b, report(0, 9));
  store.saveReport(b, report(1, 3));
  store.endRun(a, "failed", 'error: PE "p" failed', 15);
  const runs = store.runs();
  assert.deepEqual(runs.map((r) => [r.id, r.workflow, r.status, r.hosts]), [[b, "b", "running", 2], [
    a,
    "a",
    "failed",
    0,
  ]]);
  assert.deepEqual(store.run(a), {
    id: a,
    workflow: "a",
    module: "m",
    target: "simple",
    processes: undefined,
    counts: { p: 1 },
    graph: "{}",
    plannedFrom: undefined,
    started: 10,
    ended: 15,
    status: "failed",
    error: 'error: PE "p" failed',
    hosts: 0,
  });
  assert.equal(store.run(b)!.plannedFrom, a);
  assert.equal(store.run(99), undefined);
  assert.deepEqual(store.reports(b).map((r) => [r.host, r.instances[0].calls, r.instances[0].pe]), [
    [0, 9, "<b>pe</b>"],
    [1, 3, "<b>pe</b>"],
  ]);
  store.close();
  // The dashboard's connection cannot write.
  const reader = Store.open(path, { readOnly: true });
  assert.equal(reader.runs().length, 2);
  assert.throws(() => reader.endRun(a, "done"), /readonly/i);
  reader.close();
  await Deno.remove(dir, { recursive: true });
});
