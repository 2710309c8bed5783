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
