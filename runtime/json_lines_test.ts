import assert from "node:assert/strict";
import { decodeData, encodeData, parseResultLine, readResults, resultLine } from "./json_lines.ts";
import { allowedSamples, refusedSamples, reshapedSamples } from "./data_unit_samples.ts";

const roundTrip = (value: unknown): unknown => decodeData(JSON.parse(encodeData(value)));

const same = (actual: unknown, expected: unknown, label: string): void => {
  assert.deepStrictEqual(actual, expected, label);
  if (typeof expected === "number") assert.ok(Object.is(actual, expected), label);
};

Deno.test("every allowed kind round-trips to an equal value", () => {
  for (const [label, value] of allowedSamples) same(roundTrip(value), value, label);
});

Deno.test("every allowed kind round-trips inside a batch, a record and a Map", () => {
  const values = allowedSamples.map(([, v]) => v);
  same(roundTrip(values), values, "array");
  const record = Object.fromEntries(allowedSamples);
  same(roundTrip(record), record, "record");
  const map = new Map(allowedSamples);
  same(roundTrip(map), map, "Map");
});

Deno.test("reshaped kinds arrive as the contract says", () => {
  for (const [label, value, arrives] of reshapedSamples) same(roundTrip(value), arrives, label);
});

Deno.test("the documented forms", () => {
  const cases: Array<[unknown, string]> = [
    [1.5, "1.5"],
    ["a\nb", '"a\\nb"'],
    [true, "true"],
    [null, "null"],
    [undefined, '{"$undefined":true}'],
    [NaN, '{"$number":"NaN"}'],
    [Infinity, '{"$number":"Infinity"}'],
    [-Infinity, '{"$number":"-Infinity"}'],
    [-0, '{"$number":"-0"}'],
    [-123n, '{"$bigint":"-123"}'],
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '{"$date":"2024-01-02T03:04:05.678Z"}'],
    [new Date(NaN), '{"$date":null}'],
    [/a+/gi, '{"$regexp":{"source":"a+","flags":"gi"}}'],
    [
      new Map<unknown, unknown>([[1, "a"], [{ k: 1 }, undefined]]),
      '{"$map":[[1,"a"],[{"k":1},{"$undefined":true}]]}',
    ],
    [new Set([1, 2]), '{"$set":[1,2]}'],
    [new Float32Array([1]), '{"$bytes":{"type":"Float32Array","base64":"AACAPw=="}}'],
    [new Uint8Array([1, 2, 3]).buffer, '{"$bytes":{"type":"ArrayBuffer","base64":"AQID"}}'],
    [new DataView(new Uint8Array([1, 2, 3]).buffer, 1), '{"$bytes":{"type":"DataView","base64":"AgM="}}'],
    [[1, , 3], '[1,{"$undefined":true},3]'],
    [{ a: undefined }, '{"a":{"$undefined":true}}'],
    [{ $ref: "x" }, '{"$object":{"$ref":"x"}}'],
    [{ $a: 1, $b: 2 }, '{"$a":1,"$b":2}'],
    [{ $object: {} }, '{"$object":{"$object":{}}}'],
  ];
  for (const [value, text] of cases) assert.equal(encodeData(value), text, text);
});

Deno.test("an object that needs no tag is written by JSON.stringify as it is", () => {
  const value = { id: 1, list: [1, "a", { b: null }], nested: { deep: [[true]] } };
  assert.equal(encodeData(value), JSON.stringify(value));
});

Deno.test("decoding returns untagged parts as they are and never changes its argument", () => {
  const parsed = JSON.parse('{"plain":{"a":[1]},"tagged":{"$bigint":"1"}}');
  const copy = structuredClone(parsed);
  const decoded = decodeData(parsed) as { plain: unknown; tagged: unknown };
  assert.deepStrictEqual(parsed, copy);
  assert.equal(decoded.plain, parsed.plain);
  assert.equal(decoded.tagged, 1n);
});

Deno.test("an unknown $ key is read as an object", () => {
  assert.deepStrictEqual(decodeData(JSON.parse('{"$ref":"x"}')), { $ref: "x" });
});

Deno.test("values outside the contract and cycles throw a TypeError, without hanging", () => {
  for (const [label, value] of refusedSamples) {
    assert.throws(() => encodeData(value), TypeError, label);
  }
  const a: Array<unknown> = [];
  a.push(a);
  assert.throws(() => encodeData(a), { name: "TypeError", message: "cyclic data unit" });
});

Deno.test("result lines round-trip, whatever the PE and port names", () => {
  for (const [label, value] of allowedSamples) {
    const line = resultLine('pe "q"', "out\nput", value);
    assert.ok(!line.includes("\n"), label);
    const r = parseResultLine(line);
    assert.equal(r.pe, 'pe "q"');
    assert.equal(r.port, "out\nput");
    same(r.data, value, label);
  }
});

Deno.test("readResults skips empty lines and names the line of a malformed one", () => {
  const text = [resultLine("a", "output", 1), "", resultLine("b", "output", -0), "  ", ""].join("\r\n");
  const results = readResults(text);
  assert.equal(results.length, 2);
  assert.ok(Object.is(results[1].data, -0));
  assert.throws(() => readResults(`${resultLine("a", "output", 1)}\n\n{"pe":"a"`), {
    message: /^Line 3 of the results: /,
  });
  assert.throws(() => readResults('{"pe":"a","port":"o"}'), {
    message: /^Line 1 of the results: not a result line/,
  });
  assert.throws(() => readResults('{"pe":"a","port":"o","data":{"$number":"1"}}'), {
    message: /^Line 1 .*\$number/,
  });
});
