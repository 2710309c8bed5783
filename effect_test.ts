import assert from "node:assert/strict";
import * as Effect from "effect/Effect";
import * as W from "./mod.ts";
import { run } from "./effect.ts";

Deno.test("run() succeeds with results and a summary", async () => {
  const p = W.pe(W.producer("p", (i: number) => i));
  const { results, summary } = await Effect.runPromise(run(W.workflow("ok", [p]), { iterations: 3 }));
  assert.deepEqual(results.map((r) => r.data), [0, 1, 2]);
  assert.deepEqual(summary.processed, { p: 3 });
});

Deno.test("run() fails with typed errors, recoverable by tag", async () => {
  const p = W.pe(W.producer("p", (i: number) => i));
  const boom = W.pe(W.fn("boom", (_x: number): number => {
    throw new Error("no");
  }));
  const failing = run(W.workflow("bad", [W.connect(p.out.output, boom.in.input)]));
  const pe = await Effect.runPromise(failing.pipe(
    Effect.map(() => "no failure"),
    Effect.catchTag("PeFailure", (e) => Effect.succeed(`${e.pe}#${e.instance}`)),
  ));
  assert.equal(pe, "boom#0");
  const input = await Effect.runPromise(
    run(W.workflow("bad", [p]), { inputs: { q: 1 } }).pipe(
      Effect.map(() => "no failure"),
      Effect.catchTag("BadInput", (e) => Effect.succeed(e.reason)),
    ),
  );
  assert.equal(input, 'Unknown PE "q" in the inputs (roots: p)');
});
