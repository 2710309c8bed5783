/**
 * Workflows of the conformance suite. They live in a module of their own so that any target can
 * import them by URL and rebuild their PEs.
 *
 * @module
 */
import * as Context from "effect/Context";
import * as Data from "effect/Data";
import * as Effect from "effect/Effect";
import * as Layer from "effect/Layer";
import * as Stream from "effect/Stream";
import * as W from "../../mod.ts";

const numbers = W.producer("numbers", (i: number) => i);

/** Two producers merged into one input with 3 instances; each instance tags what it got. */
const tagger = W.iterative({
  name: "tagger",
  process: (x: number, ctx): [number, number] => [x, ctx.instance],
});
const left = W.pe(numbers, "left");
const right = W.pe(W.producer("right", (i: number) => 1000 + i), "right");
const fanInTarget = W.pe(tagger.pipe(W.instances(3)), "fanIn");
export const fanIn = W.workflow("fan_in", W.merge([left.out.output, right.out.output], fanInTarget.in.input));

/** Keys grouped over 4 instances: each instance reports `[key, instance]`. */
const keys = W.pe(W.producer("keys", (i: number) => ({ key: `k${i % 17}`, i })), "keys");
const byKey = W.pe(
  W.iterative({
    name: "byKey",
    process: (x: { key: string; i: number }, ctx): [string, number] => [x.key, ctx.instance],
  }).pipe(W.groupBy("input", "key"), W.instances(4)),
  "byKey",
);
export const groupAffinity = W.workflow("group_affinity", [W.connect(keys.out.output, byKey.in.input)]);

/** allToOne over 4 instances. */
const toOneSrc = W.pe(numbers, "src");
const toOne = W.pe(tagger.pipe(W.allToOne("input"), W.instances(4)), "toOne");
export const allToOne = W.workflow("all_to_one", [W.connect(toOneSrc.out.output, toOne.in.input)]);

/** oneToAll over 3 instances. */
const toAllSrc = W.pe(numbers, "src");
const toAll = W.pe(tagger.pipe(W.oneToAll("input"), W.instances(3)), "toAll");
export const oneToAll = W.workflow("one_to_all", [W.connect(toAllSrc.out.output, toAll.in.input)]);

/** A tee into a PE with 2 instances and one with 1: each branch gets every item. */
const teeSrc = W.pe(numbers, "src");
const teeA = W.pe(W.fn("a", (x: number) => x).pipe(W.instances(2)), "a");
const teeB = W.pe(W.fn("b", (x: number) => -x), "b");
export const tee = W.workflow("tee", W.tee(teeSrc.out.output, teeA.in.input, teeB.in.input));

/**
 * Flush ordering: each stage counts what it saw and, at end of stream, writes its count tagged
 * with its name; downstream stages count those too, so the totals prove order.
 */
const stage = (name: string) =>
  W.iterative<string | number, string | number, { seen: number }>({
    name,
    state: () => ({ seen: 0 }),
    process: (x, ctx) => {
      ctx.state.seen++;
      return x;
    },
    flush: (ctx) => {
      ctx.write("output", `${name} flushed after ${ctx.state.seen}`);
    },
  });
const fsrc = W.pe(numbers, "src");
const s1 = W.pe(stage("first").pipe(W.instances(1)), "first");
const s2 = W.pe(stage("second").pipe(W.instances(1)), "second");
const s3 = W.pe(stage("third").pipe(W.instances(1)), "third");
export const flushOrder = W.workflow("flush_order", [
  W.connect(fsrc.out.output, s1.in.input),
  W.connect(s1.out.output, s2.in.input),
  W.connect(s2.out.output, s3.in.input),
]);

/** A PE that throws on the data unit 3. */
const fails = W.pe(
  W.fn("fails", (x: number) => {
    if (x === 3) throw new RangeError("three is not allowed");
    return x;
  }),
  "fails",
);
const failSrc = W.pe(numbers, "src");
export const failure = W.workflow("failure", [W.connect(failSrc.out.output, fails.in.input)]);

/** A counter that writes its total at end of stream, also when the stream is empty. */
const total = W.pe(
  W.iterative({
    name: "total",
    state: () => ({ n: 0 }),
    process: (_x: number, ctx) => {
      ctx.state.n++;
    },
    flush: (ctx) => {
      ctx.write("output", ctx.state.n);
    },
  }).pipe(W.allToOne("input"), W.instances(1)),
  "total",
);
const totalSrc = W.pe(numbers, "src");
export const counted = W.workflow("counted", [W.connect(totalSrc.out.output, total.in.input)]);

/** Termination with asynchronous PEs and a generator: every item arrives, in order per branch. */
const slow = W.pe(
  W.fn("slow", async (x: number) => {
    await new Promise((r) => setTimeout(r, x % 3));
    return x;
  }),
  "slow",
);
const fanOut = W.pe(
  W.fn(function* repeat(x: number) {
    for (let k = 0; k < 3; k++) yield x * 10 + k;
  }),
  "repeat",
);
const asyncSrc = W.pe(numbers, "src");
export const asynchronous = W.workflow("asynchronous", [
  W.connect(asyncSrc.out.output, slow.in.input),
  W.connect(slow.out.output, fanOut.in.input),
]);

/** Composites nest: an outer composite holding a chain and a PE, flattened to `outer/inner/...` ids. */
const innerChain = W.chain("inner", [(x: number) => x + 1, (x: number) => x * 2]);
const wrapped = W.pe(innerChain, "inner");
const neg = W.pe(W.fn("neg", (x: number) => -x), "neg");
const outer = W.composite({
  name: "outer",
  parts: [W.connect(wrapped.out.output, neg.in.input)],
  inputs: { input: wrapped.in.input },
  outputs: { output: neg.out.output },
});
const nestSrc = W.pe(numbers, "src");
const nestOuter = W.pe(outer, "outer");
export const nested = W.workflow("nested", [W.connect(nestSrc.out.output, nestOuter.in.input)]);

/** Keys to leave out, as a service the workflow's Layer provides. */
class Ignored
  extends Context.Service<Ignored, { readonly keys: ReadonlySet<string> }>()("conformance/Ignored") {}

/** A Stream PE over 3 instances grouped by key: running counts per key, leaving out an ignored key. */
const tally = W.stream("tally", (keys: Stream.Stream<string>) =>
  keys.pipe(
    Stream.filterEffect((k) => Ignored.useSync((ignored) => !ignored.keys.has(k))),
    Stream.mapAccum(() => new Map<string, number>(), (counts, k) => {
      const n = (counts.get(k) ?? 0) + 1;
      counts.set(k, n);
      return [counts, [[k, n] as [string, number]]] as const;
    }),
  ));
const keyed = W.pe(W.producer("keyed", (i: number) => `k${i % 7}`), "keyed");
const tallyNode = W.pe(W.groupBy(tally, "input", (k) => k).pipe(W.instances(3)), "tally");
export const streams = W.workflow("streams", [W.connect(keyed.out.output, tallyNode.in.input)]).pipe(
  W.provide(Layer.succeed(Ignored, { keys: new Set(["k0"]) })),
);

/** The tagged error a Stream PE fails with. */
export class Overflow extends Data.TaggedError("Overflow")<{ readonly at: number }> {}
const guard = W.stream(
  "guard",
  (xs: Stream.Stream<number>) =>
    xs.pipe(Stream.mapEffect((x) => x === 5 ? Effect.fail(new Overflow({ at: x })) : Effect.succeed(x))),
);
const guardSrc = W.pe(numbers, "src");
export const streamFailure = W.workflow("stream_failure", [
  W.connect(guardSrc.out.output, W.pe(guard).in.input),
]);
