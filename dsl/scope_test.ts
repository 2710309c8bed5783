import assert from "node:assert/strict";
import * as Effect from "effect/Effect";
import * as W from "../mod.ts";

/** A resource log: what a PE acquired and released, in order. */
const resources = () => {
  const log: Array<string> = [];
  const calibrate = W.iterative({
    name: "calibrate",
    setup: (ctx) =>
      Effect.acquireRelease(
        Effect.sync(() => log.push(`open ${ctx.instance}`)),
        () => Effect.sync(() => log.push(`close ${ctx.instance}`)),
      ),
    process: (x: number) => {
      if (x === 99) throw new RangeError("out of range");
      log.push(`process ${x}`);
      return x;
    },
    flush: () => {
      log.push("flush");
    },
  });
  return { log, calibrate };
};

Deno.test("a setup Effect's resources are released after the instance's flush", async () => {
  const { log, calibrate } = resources();
  const p = W.pe(W.producer("p", (i: number) => i));
  const wf = W.workflow("scoped", [W.connect(p.out.output, W.pe(calibrate).in.input)]);
  assert.deepEqual((await W.collect(wf, { iterations: 2 })).map((r) => r.data), [0, 1]);
  assert.deepEqual(log, ["open 0", "process 0", "process 1", "flush", "close 0"]);
});

Deno.test("a setup Effect's resources are released when the run fails", async () => {
  const { log, calibrate } = resources();
  const p = W.pe(W.producer("p", (_i: number) => 99));
  const wf = W.workflow("scoped_failure", [W.connect(p.out.output, W.pe(calibrate).in.input)]);
  await assert.rejects(W.collect(wf, { log: () => {} }), /out of range/);
  assert.deepEqual(log, ["open 0", "close 0"]);
});
