import assert from "node:assert/strict";
import * as W from "../dsl/mod.ts";
import { EngineHost, planEngine } from "./engine_host.ts";
import { decodeError } from "./failure_codec.ts";
import type { FromHost } from "./host_protocol.ts";
import { rootInputs } from "./inputs.ts";
import { encode } from "./wire.ts";

const p = W.pe(W.producer("p", (i: number) => i));
const f = W.pe(W.fn("f", (x: number) => x * 2));
const wf = W.workflow("wf", [W.connect(p.out.output, f.in.input)]);
const graph = W.compile(wf, "mem:wf");
const loaded = new Map([["mem:wf", { wf }]]);

/** Runs one instance's host over the given input; resolves to its payloads out and its last driver message. */
const runInstance = (gid: number, input: Array<Uint8Array>) => {
  const { init } = planEngine(graph, 1, rootInputs(graph, {}, 5));
  const out: Array<[number, Uint8Array]> = [];
  const { promise, resolve } = Promise.withResolvers<FromHost>();
  const engine = new EngineHost({
    toInstance: (to, payload) => {
      out.push([to, payload.slice()]);
    },
    toDriver: (m) => (m.t === "done" || m.t === "failed") && resolve(m),
  }, { loaded, log: () => {} });
  engine.start(init, gid);
  for (const payload of input) engine.receive(payload);
  engine.endOfInput();
  return promise.then(async (m) => {
    await engine.host.close();
    return { out, m };
  });
};

Deno.test("an engine host sends its batches and end of stream to the downstream instance", async () => {
  const { out, m } = await runInstance(0, []);
  assert.equal(m.t, "done");
  assert.ok(out.length > 0);
  assert.ok(out.every(([to]) => to === 1));
  const last = await runInstance(1, out.map(([, b]) => b));
  assert.equal(last.m.t, "done");
});

Deno.test("an engine host whose input ends before an upstream's end of stream fails, saying data was lost", async () => {
  const { out } = await runInstance(0, []);
  // The last payload carries the end of stream.
  const { m } = await runInstance(1, out.slice(0, -1).map(([, b]) => b));
  assert.equal(m.t, "failed");
  const e = decodeError((m as Extract<FromHost, { t: "failed" }>).error) as Error;
  assert.match(
    String(e.message ?? e),
    /input of PE "f" ended with end-of-stream signals from only 0 of its 1 upstream instances/,
  );
});

Deno.test("an engine host refuses an instance id outside the run", () => {
  const { init } = planEngine(graph, 1, new Map());
  const engine = new EngineHost({ toInstance: () => {}, toDriver: () => {} }, { loaded });
  assert.throws(() => engine.start(init, 7), /instance 7 is not in this run \(it has 2 instances\)/);
});

Deno.test("an engine host asks its transport to wait while batches pile up, and lets it go on once they are processed", async () => {
  const slow = W.pe(W.fn("slow", async (x: number) => {
    await new Promise((r) => setTimeout(r, 1));
    return x;
  }));
  const src = W.pe(W.producer("src", (i: number) => i));
  const wf2 = W.workflow("wf2", [W.connect(src.out.output, slow.in.input)]);
  const g = W.compile(wf2, "mem:wf2");
  const { init } = planEngine(g, 1, new Map());
  const { promise, resolve } = Promise.withResolvers<FromHost>();
  const engine = new EngineHost({
    toInstance: () => {},
    toDriver: (m) => (m.t === "done" || m.t === "failed") && resolve(m),
  }, { loaded: new Map([["mem:wf2", { wf2 }]]), log: () => {} });
  engine.start(init, 1);
  assert.ok(engine.room() instanceof Promise, "not ready yet");
  await engine.room();
  // Twenty batches of one data unit each from instance 0, then its end of stream.
  for (let i = 0; i < 20; i++) engine.receive(encode([0, [1, 0, 1, i]]));
  const wait = engine.room();
  assert.ok(wait instanceof Promise, "twenty batches wait");
  await wait;
  assert.equal(engine.room(), undefined);
  engine.receive(encode([0, [-2, 0, 0]]));
  engine.endOfInput();
  assert.equal((await promise).t, "done");
  await engine.host.close();
});

Deno.test("an engine that takes payloads when it asks for them holds the writer to its window", async () => {
  const { init } = planEngine(graph, 1, rootInputs(graph, {}, 100_000));
  const taken: Array<() => void> = [];
  let end: FromHost | undefined;
  const engine = new EngineHost({
    toInstance: () => new Promise<void>((r) => taken.push(r)),
    toDriver: (m) => {
      if (m.t === "done" || m.t === "failed") end = m;
    },
  }, { loaded, log: () => {} });
  engine.start(init, 0);
  await new Promise((r) => setTimeout(r, 200));
  // 100,000 items make 25 batches; none was taken, so only a window of them left.
  assert.equal(taken.length, init.window);
  let sent = 0;
  for (let turns = 0; end === undefined; turns++) {
    assert.ok(turns < 20_000, "the host never finished");
    sent += taken.length;
    for (const take of taken.splice(0)) take();
    await new Promise((r) => setTimeout(r, 1));
  }
  assert.equal(end.t, "done");
  assert.ok(sent >= 25, `${sent} payloads`);
  await engine.host.close();
});
