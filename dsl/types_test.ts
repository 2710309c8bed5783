import assert from "node:assert/strict";
import * as W from "./mod.ts";

Deno.test("connect() type-checks ports: an output of type A only fits an input accepting A", () => {
  const numbers = W.pe(W.producer("numbers", (i: number) => i));
  const shout = W.pe(W.fn("shout", (s: string) => s.toUpperCase()));
  const any = W.pe(W.consumer("any", (_x: unknown) => {}));
  const literal = W.pe(W.producer("literal", (_i: number) => 1 as const));
  const wide = W.pe(W.fn("wide", (x: number | string) => x));

  // deno test type-checks this file: an @ts-expect-error line that type-checks fails the run.
  // @ts-expect-error number is not assignable to string
  W.connect(numbers.out.output, shout.in.input);
  assert.equal(W.connect(numbers.out.output, any.in.input)._tag, "Connection");
  assert.equal(W.connect(literal.out.output, wide.in.input)._tag, "Connection");
  assert.equal(W.tee(numbers.out.output, wide.in.input, any.in.input).length, 2);
  // @ts-expect-error a number | string output does not fit a string input
  W.connect(wide.out.output, shout.in.input);
});

Deno.test("chain() checks the types of neighbouring steps", () => {
  W.chain("ok", [(x: number) => x + 1, (x: number) => String(x), (s: string) => s.length]);
  // @ts-expect-error the second step takes a string, the first gives a number
  W.chain("bad", [(x: number) => x + 1, (s: string) => s.length]);
});

Deno.test("a port a PE does not have is a problem of the workflow, named with the PE's ports", () => {
  const f = W.pe(W.fn("f", (x: number) => x));
  const g = W.pe(W.fn("g", (x: number) => x));
  // @ts-expect-error no such port
  const wf = W.workflow("w", [W.connect(f.out.result, g.in.input), W.connect(f.out.output, g.in.data)]);
  const { problems } = W.draft(wf, "mem:w");
  assert.ok(
    problems.some((p) => /PE "f" has no output port "result" \(its outputs: output\)/.test(p)),
    problems.join("\n"),
  );
  assert.ok(
    problems.some((p) => /PE "g" has no input port "data" \(its inputs: input\)/.test(p)),
    problems.join("\n"),
  );
});

Deno.test("groupBy() key functions are typed by the input", () => {
  const f = W.fn("f", (x: { word: string }) => x);
  W.groupBy(f, "input", (x) => x.word);
  // @ts-expect-error no such field on the input type
  W.groupBy(f, "input", (x) => x.nope);
  // @ts-expect-error no such input port
  assert.throws(() => W.groupBy(f, "other", 0), /no input port "other"/);
});

Deno.test("groupBy() in a pipe types its key function by the input, as the data-first form does", () => {
  const byLength = W.fn("f", (w: string) => w).pipe(W.groupBy("input", (w) => w.length), W.instances(2));
  assert.equal(byLength.groupings.input.key?.("four"), 4);
  W.fn("f", (x: { word: string }) => x).pipe(W.groupBy("input", (x) => x.word));
  // @ts-expect-error a key function for numbers does not fit a string input
  W.fn("f", (w: string) => w).pipe(W.groupBy("input", (n: number) => n));
  // @ts-expect-error no such field on the input type
  W.fn("f", (x: { word: string }) => x).pipe(W.groupBy("input", (x) => x.nope));
  // @ts-expect-error no such input port
  assert.throws(() => W.fn("f", (w: string) => w).pipe(W.groupBy("other", (w) => w)), /no input port/);
  // @ts-expect-error no such input port
  assert.throws(() => W.fn("f", (w: string) => w).pipe(W.allToOne("other")), /no input port/);

  // Outside a pipe: fields fit any PE with the port, a typed key function the PEs it accepts.
  const byWord = W.groupBy("input", 0);
  const pairs: W.Pe<{ input: [string, number] }, { output: [string, number] }> = W
    .fn("pairs", (p: [string, number]) => p)
    .pipe(byWord);
  const byLetters = W.groupBy("input", (w: string) => w.length);
  W.fn("g", (w: "a" | "b") => w).pipe(byLetters);
  // @ts-expect-error a number input does not fit a key function of strings
  W.fn("h", (n: number) => n).pipe(byLetters);
  assert.equal(pairs.groupings.input.grouping._tag, "GroupBy");
});

Deno.test("iterative() takes the type of an output written only through ctx.write from `output`", () => {
  const count = W.iterative({
    name: "count",
    output: W.port<[string, number]>(),
    state: () => new Map<string, number>(),
    process: (word: string, ctx) => {
      ctx.state.set(word, (ctx.state.get(word) ?? 0) + 1);
    },
    flush: (ctx) => {
      for (const pair of ctx.state) ctx.write("output", pair);
    },
  });
  const typed: W.Pe<{ input: string }, { output: [string, number] }> = count;
  const pairs = W.pe(W.consumer("pairs", (_p: [string, number]) => {}));
  const texts = W.pe(W.consumer("texts", (_s: string) => {}));
  const c = W.pe(typed);
  assert.equal(W.connect(c.out.output, pairs.in.input)._tag, "Connection");
  // @ts-expect-error a [string, number] output does not fit a string input
  W.connect(c.out.output, texts.in.input);
  W.iterative({
    name: "wrong",
    output: W.port<number>(),
    process: (word: string, ctx) => {
      // @ts-expect-error the output carries numbers
      ctx.write("output", word);
    },
  });
  // @ts-expect-error process returns strings, the output carries numbers
  W.iterative({ name: "wrong", output: W.port<number>(), process: (word: string) => word });
  // Without it, the type still flows from what process returns.
  const length: W.Pe<{ input: string }, { output: number }> = W.iterative({
    name: "length",
    process: (word: string) => word.length,
  });
  assert.deepEqual(length.outputs, ["output"]);
});
