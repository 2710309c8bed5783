import assert from "node:assert/strict";
import { checkDataUnit } from "./data_unit.ts";
import { allowedSamples, refusedSamples, reshapedSamples } from "./data_unit_samples.ts";

Deno.test("every allowed kind passes the check", () => {
  for (const [label, value] of [...allowedSamples, ...reshapedSamples]) {
    assert.equal(checkDataUnit(value), undefined, label);
  }
});

Deno.test("every refused value is named, with where it is", () => {
  for (const [label, value, refusal] of refusedSamples) assert.equal(checkDataUnit(value), refusal, label);
});

Deno.test("shared references without a cycle pass, at any depth", () => {
  const leaf = { n: 1 };
  let v: unknown = [leaf, leaf];
  for (let i = 0; i < 200; i++) v = { v, again: leaf };
  assert.equal(checkDataUnit(v), undefined);
});

Deno.test("a cycle deeper than the trusted depth is named at the reference that closes it", () => {
  const root: Record<string, unknown> = {};
  let at = root;
  for (let i = 0; i < 100; i++) at = (at.n = {}) as Record<string, unknown>;
  at.back = root.n;
  assert.equal(checkDataUnit(root), `a cyclic reference at ${".n".repeat(100)}.back`);
});

Deno.test("a value 100,000 levels deep neither overflows the stack nor passes when it holds a function", () => {
  let v: unknown = () => 1;
  for (let i = 0; i < 100_000; i++) v = [v];
  assert.match(checkDataUnit(v) ?? "", /^a function at (\[0\]){100000}$/);
});

Deno.test("symbol-keyed properties are ignored", () => {
  assert.equal(checkDataUnit({ [Symbol("f")]: () => 1 }), undefined);
});
