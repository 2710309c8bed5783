import assert from "node:assert/strict";
import * as Schema from "effect/Schema";
import { PeFailure } from "../runtime/errors.ts";
import * as W from "../mod.ts";

const Pair = Schema.Tuple([Schema.String, Schema.Number]);

/** A word count whose output is declared by a Schema; `bad` makes it write one wrong pair. */
const counting = (validate: boolean, bad = false) => {
  const words = W.pe(W.producer("words", (i: number) => ["a", "b", "a"][i % 3]));
  const count = W.pe(W.iterative({
    name: "count",
    output: W.port(Pair, { validate }),
    state: () => new Map<string, number>(),
    process: (word: string, ctx) => {
      ctx.state.set(word, (ctx.state.get(word) ?? 0) + 1);
    },
    flush: (ctx) => {
      for (const [w, n] of ctx.state) {
        // @ts-expect-error: the Schema says [string, number]
        if (bad) ctx.write("output", [w, String(n)]);
        else ctx.write("output", [w, n]);
      }
    },
  }));
  return W.workflow("counting", [W.connect(words.out.output, count.in.input)]);
};

Deno.test("a port declared by a Schema carries the Schema's type", () => {
  const p = W.pe(W.iterative({ name: "p", output: W.port(Pair), process: (_: number) => undefined }));
  const takesPairs = W.pe(W.consumer("takes", (_pair: readonly [string, number]) => {}));
  const takesNumbers = W.pe(W.consumer("numbers", (_n: number) => {}));
  W.connect(p.out.output, takesPairs.in.input);
  // @ts-expect-error: pairs do not go to a number input
  W.connect(p.out.output, takesNumbers.in.input);
});

Deno.test("a validating output port lets matching data units through", async () => {
  const results = await W.collect(counting(true), { iterations: 3 });
  assert.deepEqual(results.map((r) => r.data).sort(), [["a", 2], ["b", 1]]);
});

Deno.test("a validating output port fails the PE on a data unit that does not match, saying why", async () => {
  await assert.rejects(W.collect(counting(true, true), { iterations: 3 }), (e: unknown) => {
    assert.ok(e instanceof PeFailure);
    assert.equal(e.pe, "count");
    assert.equal(e.phase, "flush");
    assert.match(
      e.message,
      /the data unit written to output "output" does not match its Schema: Expected number at \[1\]/,
    );
    return true;
  });
});

Deno.test("without validate, a Schema port only types: nothing is checked at run time", async () => {
  const results = await W.collect(counting(false, true), { iterations: 3 });
  assert.deepEqual(results.map((r) => r.data).sort(), [["a", "2"], ["b", "1"]]);
});

Deno.test("a validating input port of a generic PE names the data unit that does not match", async () => {
  const src = W.pe(W.producer("src", (i: number) => (i === 2 ? -1 : i) as number));
  const positive = W.pe(W.generic({
    name: "positive",
    inputs: { input: W.port(Schema.Number.check(Schema.isGreaterThanOrEqualTo(0)), { validate: true }) },
    outputs: { output: W.port<number>() },
    process: ({ data }, ctx) => ctx.write("output", data),
  }));
  const wf = W.workflow("positive", [W.connect(src.out.output, positive.in.input)]);
  await assert.rejects(W.collect(wf, { iterations: 4 }), (e: unknown) => {
    assert.ok(e instanceof PeFailure);
    assert.equal(e.pe, "positive");
    assert.equal(e.data, "-1");
    assert.match(
      e.message,
      /the data unit on input "input" does not match its Schema: Expected a value greater than or equal to 0/,
    );
    return true;
  });
});
