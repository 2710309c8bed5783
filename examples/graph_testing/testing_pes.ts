/**
 * The test PEs of the original's `graph_testing` examples (`testing_PEs.py`), ported.
 *
 * @module
 */
import * as W from "../../mod.ts";

/**
 * A counter: the n-th call writes n to every output (`output`, or `output0..k-1` for k outputs).
 * Each instance counts on its own.
 */
export const testProducer = (numOutputs = 1): W.Pe<Record<never, never>, Record<string, number>> => {
  const ports = numOutputs === 1 ? ["output"] : Array.from({ length: numOutputs }, (_, i) => `output${i}`);
  return W.producer({
    name: "TestProducer",
    outputs: Object.fromEntries(ports.map((p) => [p, W.port<number>()])),
    state: () => ({ count: 0 }),
    process: (_i, ctx) => {
      const n = ++ctx.state.count;
      for (const port of ports) ctx.write(port, n);
    },
  });
};

/** Identity, for data units of type `A`. */
export const testOneInOneOut = <A = number>(): W.Pe<{ input: A }, { output: A }> =>
  W.iterative<A, A>({ name: "TestOneInOneOut", process: (x) => x });

/** Identity, through an explicit write. */
export const testOneInOneOutWriter = W.iterative({
  name: "TestOneInOneOutWriter",
  process: (x: number, ctx) => {
    ctx.write("output", x);
  },
});

/** Two inputs, one output: writes the string form of whatever arrives. */
export const testTwoInOneOut = W.generic({
  name: "TestTwoInOneOut",
  inputs: { input0: W.port<unknown>(), input1: W.port<unknown>() },
  outputs: { output: W.port<string>() },
  process: (input, ctx) => {
    ctx.write("output", String(input.data));
  },
});

/** Writes 0..n-1 on each call. */
export const testMultiProducer = (n = 10): W.Pe<Record<never, never>, { output: number }> =>
  W.producer("TestMultiProducer", function* (_i: number) {
    for (let k = 0; k < n; k++) yield k;
  });

/** A small seeded generator (mulberry32), so "random" examples are reproducible. */
export const seeded = (seed: number): () => number => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** The original's vocabulary of random words. */
export const WORDS = ["dispel4py", "computing", "mpi", "processing", "simple", "analysis", "data"] as const;

/** Writes `[word]`, a word drawn from {@link WORDS} by a generator seeded per instance. */
export const randomWordProducer = W.producer({
  name: "RandomWordProducer",
  outputs: { output: W.port<[string]>() },
  state: () => seeded(42),
  process: (_i, ctx): [string] => [WORDS[Math.floor(ctx.state() * WORDS.length)]],
});

/** Passes each data unit on with probability 0.5 (seeded per instance). */
export const randomFilter = W.iterative({
  name: "RandomFilter",
  state: () => seeded(7),
  process: (word: [string], ctx) => (ctx.state() < 0.5 ? word : undefined),
});

/** Counts words, grouped by field 0; writes `[word, running count]` for each word it receives. */
export const wordCounter = W.iterative({
  name: "WordCounter",
  state: () => new Map<string, number>(),
  process: ([word]: [string], ctx): [string, number] => {
    const n = (ctx.state.get(word) ?? 0) + 1;
    ctx.state.set(word, n);
    return [word, n];
  },
}).pipe(W.groupBy("input", 0));
