import assert from "node:assert/strict";
import { decode, encode, frame, readFrames } from "./wire.ts";
import { allowedSamples, reshapedSamples } from "./data_unit_samples.ts";

/** deepStrictEqual, plus exact types of typed arrays (which it already checks) and Object.is at the top. */
const same = (actual: unknown, expected: unknown, label: string): void => {
  assert.deepStrictEqual(actual, expected, label);
  if (typeof expected === "number") assert.ok(Object.is(actual, expected), label);
};

Deno.test("every allowed kind round-trips to an equal value", () => {
  for (const [label, value] of allowedSamples) same(decode(encode(value)), value, label);
});

Deno.test("every allowed kind round-trips inside a batch and inside a record", () => {
  const values = allowedSamples.map(([, v]) => v);
  same(decode(encode(values)), values, "batch");
  const record = Object.fromEntries(allowedSamples);
  same(decode(encode(record)), record, "record");
  const map = new Map(allowedSamples);
  same(decode(encode(map)), map, "Map");
});

Deno.test("reshaped kinds arrive as the contract says", () => {
  for (const [label, value, arrives] of reshapedSamples) same(decode(encode(value)), arrives, label);
});

Deno.test("-0 and NaN keep their identity wherever they are", () => {
  const d = decode(encode({ a: [-0, NaN], m: new Map([["z", -0]]), s: new Set([NaN]) })) as {
    a: Array<number>;
    m: Map<string, number>;
    s: Set<number>;
  };
  assert.ok(Object.is(d.a[0], -0));
  assert.ok(Number.isNaN(d.a[1]));
  assert.ok(Object.is(d.m.get("z"), -0));
  assert.ok(d.s.has(NaN));
});

Deno.test("encoding leaves the value alone", () => {
  const value = { z: -0, s: "a\uD800", list: [-0, { z: -0 }], m: new Map([["k", -0]]) };
  const copy = structuredClone(value);
  decode(encode(value));
  assert.deepStrictEqual(value, copy);
});

Deno.test("the encoding owns its buffer, and the decoded value shares nothing with the bytes", () => {
  const a = encode([1, 2, 3]);
  const b = encode("other");
  assert.equal(a.byteOffset, 0);
  assert.equal(a.buffer.byteLength, a.byteLength);
  assert.deepStrictEqual(decode(a), [1, 2, 3]);
  assert.notEqual(a.buffer, b.buffer);
  const bytes = encode(new Uint8Array([1, 2, 3]));
  const decoded = decode(bytes) as Uint8Array;
  bytes.fill(0);
  assert.deepStrictEqual(decoded, new Uint8Array([1, 2, 3]));
});

Deno.test("a cycle throws a TypeError instead of overflowing the stack", () => {
  const a: Array<unknown> = [];
  a.push({ a });
  assert.throws(() => encode(a), { name: "TypeError", message: "cyclic data unit" });
});

Deno.test("frames: one chunk with several frames, frames split across chunks, empty payloads", async () => {
  const payloads = [
    new Uint8Array([1, 2, 3]),
    new Uint8Array(0),
    new Uint8Array(1000).fill(7),
    new Uint8Array([9]),
  ];
  const bytes = new Uint8Array(payloads.reduce((n, p) => n + 4 + p.length, 0));
  let at = 0;
  for (const p of payloads) {
    bytes.set(frame(p), at);
    at += 4 + p.length;
  }
  for (const size of [1, 2, 3, 5, 7, 64, 999, bytes.length]) {
    const chunks = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
    const got = [];
    for await (const p of readFrames(ReadableStream.from(chunks))) got.push(p.slice());
    assert.deepStrictEqual(got, payloads, `chunks of ${size}`);
  }
});

Deno.test("frames: a truncated final frame says how many bytes are missing", async () => {
  const whole = frame(new Uint8Array(10));
  const read = async (bytes: Uint8Array) => {
    for await (const _ of readFrames(ReadableStream.from([bytes]))) { /* drain */ }
  };
  await assert.rejects(read(whole.subarray(0, 8)), { message: /6 bytes of its 10-byte payload missing/ });
  await assert.rejects(read(whole.subarray(0, 3)), {
    message: /1 bytes of its 4-byte length prefix missing/,
  });
  await read(whole);
});

Deno.test("frames carry encoded data units", async () => {
  const units = allowedSamples.map(([, v]) => v);
  const stream = ReadableStream.from(units.map((u) => frame(encode(u))));
  const got = [];
  for await (const p of readFrames(stream)) got.push(decode(p));
  assert.deepStrictEqual(got, units);
});

Deno.test("another process decodes what this one encodes, message by message", async () => {
  // The child decodes every other message only: a message whose record shape an earlier one
  // already had must decode on its own.
  const records = [{ id: 1, k: "a" }, { id: 2, k: "b" }, { id: 3, k: "c" }];
  const units = [...allowedSamples.map(([, v]) => v), ...records];
  const bytes = units.map((u) => frame(encode(u)));
  const echo = `
    import { decode, encode, frame, readFrames } from ${
    JSON.stringify(new URL("./wire.ts", import.meta.url).href)
  };
    const w = Deno.stdout.writable.getWriter();
    let i = 0;
    for await (const p of readFrames(Deno.stdin.readable)) {
      if (i++ % 2 === 1) await w.write(frame(encode(decode(p))));
    }
    await w.close();
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", echo],
    cwd: new URL("..", import.meta.url).pathname,
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  for (const b of bytes) await writer.write(b);
  await writer.close();
  const back = [];
  for await (const p of readFrames(child.stdout)) back.push(decode(p));
  assert.equal((await child.status).code, 0);
  assert.deepStrictEqual(back, units.filter((_, i) => i % 2 === 1));
});
