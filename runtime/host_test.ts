import assert from "node:assert/strict";
import * as W from "../mod.ts";
import { toJson } from "../ir/json.ts";
import { PeFailure } from "./errors.ts";
import { decodeError } from "./failure_codec.ts";
import { PeHost } from "./host.ts";
import type { FromHost, HostInit } from "./host_protocol.ts";
import { readBatch } from "./outbox.ts";

/** Runs one host over an in-memory transport until it reports done or failed. */
const hostRun = async (wf: W.Workflow, iterations: number, guard = false) => {
  const seen: Array<FromHost> = [];
  const results: Array<unknown> = [];
  const over = Promise.withResolvers<FromHost>();
  const host: PeHost = new PeHost({
    toCoordinator: (m) => {
      seen.push(structuredClone(m));
      if (m.t === "ready") setTimeout(() => host.receive({ t: "start" }), 0);
      if (m.t === "results") {
        readBatch(m.items, (_n, _p, d) => void results.push(d), () => {});
        setTimeout(() => host.receive({ t: "ack", n: 1 }), 0);
      }
      if (m.t === "done" || m.t === "failed") over.resolve(m);
    },
    toPeer: () => assert.fail("a single host has no peers"),
  }, { loaded: new Map([["mem:wf", { wf }]]), log: () => {} });
  const unguard = guard ? host.guardProcess() : () => {};
  const graph = W.compile(wf, "mem:wf");
  const init: HostInit = {
    t: "init",
    me: 0,
    graph: toJson(graph),
    counts: graph.nodes.map(() => 1),
    processOf: graph.nodes.map(() => 0),
    feeds: graph.nodes.filter((n) => n.inputs.length === 0).map((
      n,
    ) => [n.id, { _tag: "Iterations", count: iterations }]),
    peers: [],
    batch: 3,
    window: 1,
  };
  host.receive(init);
  try {
    return { last: await over.promise, seen, results };
  } finally {
    unguard();
    host.close();
  }
};

const numbers = W.pe(W.producer("numbers", (i: number) => i));

Deno.test("host: reports ready, results in acknowledged batches, and done with counts and memory", async () => {
  const inc = W.pe(W.fn("inc", (x: number) => x + 1));
  const r = await hostRun(W.workflow("inc", [W.connect(numbers.out.output, inc.in.input)]), 10);
  assert.equal(r.seen[0].t, "ready");
  assert.deepEqual(r.results, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.ok(r.seen.filter((m) => m.t === "results").length >= 4, "batches of 3 with a window of 1");
  assert.equal(r.last.t, "done");
  if (r.last.t !== "done") return;
  assert.deepEqual(r.last.processed, { numbers: 10, inc: 10 });
  assert.ok(r.last.peakRss > 0);
});

Deno.test("host: a PE failure is reported once, as data that rebuilds the PeFailure", async () => {
  const boom = W.pe(W.fn("boom", (x: number) => {
    if (x >= 2) throw new TypeError(`no ${x}`);
    return x;
  }));
  const r = await hostRun(W.workflow("boom", [W.connect(numbers.out.output, boom.in.input)]), 5);
  assert.equal(r.seen.filter((m) => m.t === "failed").length, 1);
  assert.equal(r.last.t, "failed");
  if (r.last.t !== "failed") return;
  const e = decodeError(r.last.error);
  assert.ok(e instanceof PeFailure);
  assert.equal(e.message, 'PE "boom" instance 0 failed on data unit 2: TypeError: no 2');
  assert.ok(e.error instanceof TypeError);
});

Deno.test("host: with its process guarded, a PE calling Deno.exit fails the run instead", async () => {
  const quits = W.pe(W.fn("quits", (x: number) => {
    if (x === 1) Deno.exit(4);
    return x;
  }));
  const r = await hostRun(W.workflow("quits", [W.connect(numbers.out.output, quits.in.input)]), 3, true);
  assert.equal(r.last.t, "failed");
  if (r.last.t !== "failed") return;
  assert.equal(
    (decodeError(r.last.error) as Error).message,
    'PE "quits" instance 0 failed on data unit 1: called Deno.exit(4), which would end its process',
  );
});

Deno.test("host: progress names the PE call that has not settled", async () => {
  const never = W.pe(W.fn("never", (x: number) => (x === 0 ? new Promise<number>(() => {}) : x)));
  const wf = W.workflow("never", [W.connect(numbers.out.output, never.in.input)]);
  const progress = Promise.withResolvers<FromHost>();
  const host: PeHost = new PeHost({
    toCoordinator: (m) => {
      if (m.t === "ready") host.receive({ t: "start" });
      if (m.t === "progress" && m.waiting !== undefined) progress.resolve(m);
    },
    toPeer: () => {},
  }, { loaded: new Map([["mem:wf", { wf }]]) });
  const graph = W.compile(wf, "mem:wf");
  host.receive({
    t: "init",
    me: 0,
    graph: toJson(graph),
    counts: [1, 1],
    processOf: [0, 0],
    feeds: [["numbers", { _tag: "Iterations", count: 1 }]],
    peers: [],
    batch: 8,
    window: 1,
  });
  const m = await progress.promise;
  host.close();
  assert.equal(m.t, "progress");
  if (m.t !== "progress") return;
  assert.deepEqual({ ...m.waiting, millis: 0 }, { pe: "never", instance: 0, data: "0", millis: 0 });
});
