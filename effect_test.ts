import assert from "node:assert/strict";
import * as Effect from "effect/Effect";
import * as Data from "effect/Data";
import * as Fiber from "effect/Fiber";
import { TestClock } from "effect/testing";
import * as Stream from "effect/Stream";
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

Deno.test("interrupting run() ends the run: no more PE calls", async () => {
  let calls = 0;
  const started = Promise.withResolvers<void>();
  const p = W.pe(W.producer("p", (i: number) => i));
  const slow = W.pe(W.fn("slow", async (x: number) => {
    if (++calls === 3) started.resolve();
    await new Promise((r) => setTimeout(r, 5));
    return x;
  }));
  const wf = W.workflow("slow", [W.connect(p.out.output, slow.in.input)]);
  // The timeout runs on Effect's TestClock: it fires when the test says, not after a real wait.
  const outcome = await Effect.runPromise(
    Effect.gen(function* () {
      const fiber = yield* run(wf, { iterations: 1000 }).pipe(
        Effect.timeout("1 hour"),
        Effect.map(() => "finished"),
        Effect.catchTag("TimeoutError", () => Effect.succeed("timed out")),
        Effect.forkChild,
      );
      yield* Effect.promise(() => started.promise);
      yield* TestClock.adjust("1 hour");
      return yield* Fiber.join(fiber);
    }).pipe(Effect.provide(TestClock.layer())),
  );
  assert.equal(outcome, "timed out");
  const atTimeout = calls;
  // Nothing may run on once the run is interrupted: a real wait, longer than a call takes.
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(calls - atTimeout <= 1, `${calls - atTimeout} calls after the interruption`);
  assert.ok(atTimeout < 1000, `${atTimeout} calls before it`);
});

class TooBig extends Data.TaggedError("TooBig")<{ readonly at: number }> {}
class Empty extends Data.TaggedError("Empty")<{ readonly pe: string }> {}

Deno.test("a workflow's type carries its Effect PEs' errors, and catchTag handles them typed", async () => {
  const src = W.pe(W.producer("src", (i: number) => i));
  const guard = W.pe(
    W.fn("guard", (x: number) => x > 5 ? Effect.fail(new TooBig({ at: x })) : Effect.succeed(x)).pipe(
      W.groupBy("input", (x) => x % 2),
    ),
  );
  const words = W.pe(
    W.stream(
      "words",
      (xs: Stream.Stream<number>) =>
        xs.pipe(
          Stream.mapEffect((x) =>
            x < 0 ? Effect.fail(new Empty({ pe: "words" })) : Effect.succeed(String(x))
          ),
        ),
    ),
  );
  const wf = W.workflow("typed", [
    W.connect(src.out.output, guard.in.input),
    W.connect(guard.out.output, words.in.input),
  ]);
  type Errors = typeof wf extends W.Workflow<infer E> ? E : never;
  const exact: [Errors] extends [TooBig | Empty] ? ([TooBig | Empty] extends [Errors] ? true : false)
    : false = true;
  assert.ok(exact);
  const at = await Effect.runPromise(
    run(wf, { iterations: 10 }).pipe(
      Effect.map(() => -1),
      Effect.catchTag("TooBig", (e) => Effect.succeed(e.at satisfies number)),
    ),
  );
  assert.equal(at, 6);
  // A PE without typed errors adds none.
  const plain = W.workflow("plain", [src]);
  const none: typeof plain extends W.Workflow<infer E> ? [E] extends [never] ? true : false : false = true;
  assert.ok(none);
});
