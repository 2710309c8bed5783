import assert from "node:assert/strict";
import * as W from "../mod.ts";
import { instanceCounts } from "./assign.ts";
import { PeFailure } from "./errors.ts";
import { Executor } from "./executor.ts";
import { rootInputs } from "./inputs.ts";
import { layout } from "./layout.ts";
import { loadCode } from "./load.ts";

Deno.test("Executor streams: each item reaches the sink before the next is produced", async () => {
  const events: string[] = [];
  const src = W.pe(W.producer("src", function* (_i: number) {
    for (let k = 0; k < 3; k++) {
      events.push(`produce ${k}`);
      yield k;
    }
  }));
  const mid = W.pe(W.fn("mid", (x: number) => x * 10));
  const sink = W.pe(W.consumer("sink", (x: number) => void events.push(`sink ${x}`)));
  await W.collect(
    W.workflow("s", [W.connect(src.out.output, mid.in.input), W.connect(mid.out.output, sink.in.input)]),
  );
  assert.deepEqual(events, ["produce 0", "sink 0", "produce 1", "sink 10", "produce 2", "sink 20"]);
});

Deno.test("Executor applies backpressure: a generator waits for an asynchronous PE downstream", async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const src = W.pe(W.producer("src", function* (_i: number) {
    for (let k = 0; k < 20; k++) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      yield k;
    }
  }));
  const slow = W.pe(W.consumer("slow", async (_x: number) => {
    await new Promise((r) => setTimeout(r, 1));
    inFlight--;
  }));
  await W.collect(W.workflow("bp", [W.connect(src.out.output, slow.in.input)]));
  assert.equal(maxInFlight, 1);
  assert.equal(inFlight, 0);
});

Deno.test("Executor keeps the order of writes through asynchronous PEs", async () => {
  const src = W.pe(W.producer("src", function* (_i: number) {
    for (let k = 0; k < 30; k++) yield k;
  }));
  const jitter = W.pe(W.fn("jitter", async (x: number) => {
    await new Promise((r) => setTimeout(r, (x * 7) % 3));
    return x;
  }));
  const results = await W.collect(W.workflow("order", [W.connect(src.out.output, jitter.in.input)]));
  assert.deepEqual(results.map((r) => r.data), Array.from({ length: 30 }, (_, i) => i));
});

Deno.test("Executor runs Effect-returning functions", async () => {
  const { succeed } = await import("effect/Effect");
  const src = W.pe(W.producer("src", (i: number) => i));
  const eff = W.pe(W.fn("eff", (x: number) => succeed(x + 100)));
  const results = await W.collect(W.workflow("eff", [W.connect(src.out.output, eff.in.input)]), {
    iterations: 3,
  });
  assert.deepEqual(results.map((r) => r.data), [100, 101, 102]);
});

Deno.test("Executor reports failures in setup and flush, naming the PE and phase", async () => {
  const src = W.pe(W.producer("src", (i: number) => i));
  const badSetup = W.pe(W.iterative({
    name: "badSetup",
    setup: () => {
      throw new Error("no config");
    },
    process: (x: number) => x,
  }));
  await assert.rejects(
    W.collect(W.workflow("s", [W.connect(src.out.output, badSetup.in.input)])),
    (e: unknown) =>
      e instanceof PeFailure && e.message === 'PE "badSetup" instance 0 failed in setup: Error: no config',
  );
  const badFlush = W.pe(W.iterative({
    name: "badFlush",
    process: (x: number) => x,
    flush: async () => {
      await Promise.resolve();
      throw new TypeError("cannot flush");
    },
  }));
  await assert.rejects(
    W.collect(W.workflow("f", [W.connect(src.out.output, badFlush.in.input)])),
    (e: unknown) =>
      e instanceof PeFailure &&
      e.message === 'PE "badFlush" instance 0 failed in flush: TypeError: cannot flush',
  );
});

Deno.test("Executor refuses writes to a port the PE does not have", async () => {
  const odd = W.pe(W.producer({
    name: "odd",
    outputs: { output: W.port<number>() },
    process: (i, ctx) => {
      (ctx.write as (p: string, d: unknown) => void)("nope", i);
    },
  }));
  await assert.rejects(
    W.collect(W.workflow("odd", [odd])),
    /PE "odd" instance 0 failed on data unit 0: TypeError: PE "odd" has no output port "nope" \(its outputs: output\)/,
  );
});

Deno.test("Executor fails on an asynchronous write failure that user code ignored", async () => {
  const src = W.pe(W.producer({
    name: "src",
    outputs: { output: W.port<number>() },
    process: async (i, ctx) => {
      void ctx.write("output", i);
      await new Promise((r) => setTimeout(r, 5));
    },
  }));
  const boom = W.pe(W.consumer("boom", async (_x: number) => {
    await Promise.resolve();
    throw new Error("late");
  }));
  await assert.rejects(
    W.collect(W.workflow("late", [W.connect(src.out.output, boom.in.input)])),
    /PE "boom" instance 0 failed on data unit 0: Error: late/,
  );
});

Deno.test("Executor makes a writer wait while the result sink's promise is pending", async () => {
  const events: string[] = [];
  const src = W.pe(W.producer("src", function* (_i: number) {
    for (let k = 0; k < 3; k++) {
      events.push(`produce ${k}`);
      yield k;
    }
  }));
  const paced = W.workflow("paced", [src]);
  const graph = W.compile(paced, "mem:paced");
  const exec = new Executor({
    graph,
    layout: layout(graph, instanceCounts(graph)),
    code: await loadCode(graph, new Map([["mem:paced", { paced }]])),
    // A slow destination: each result is taken 2 ms later. A number returned is no reason to wait.
    onResult: (_pe, _port, data) =>
      data === 1 ? 7 : new Promise<void>((ok) => setTimeout(() => ok(void events.push(`took ${data}`)), 2)),
  });
  await exec.run(rootInputs(graph, {}, 1));
  assert.deepEqual(events, ["produce 0", "took 0", "produce 1", "produce 2", "took 2"]);
});
