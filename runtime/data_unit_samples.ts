/**
 * One table of data units of every allowed kind, and of refused values, shared by the tests of
 * the contract, the codecs and the targets.
 *
 * @module
 */

class Point {
  x = 1;
  y = -0;
  #secret = "kept here only";
  get norm(): number {
    return Math.hypot(this.x, this.y) + this.#secret.length * 0;
  }
}

const shared = { s: "shared" };

const deep = (depth: number): unknown => {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { v };
  return v;
};

const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 37) & 255);

const float16 = (globalThis as { Float16Array?: new (values: Array<number>) => ArrayBufferView })
  .Float16Array;

/**
 * Data units of every allowed kind, each equal (`assert.deepStrictEqual`, which compares
 * numbers with `Object.is`) to itself after crossing a process boundary.
 *
 * @example Every kind, labelled
 * ```ts
 * import { allowedSamples } from "./data_unit_samples.ts";
 * allowedSamples.some(([label]) => label === "-0"); // => true
 * ```
 */
export const allowedSamples: ReadonlyArray<readonly [label: string, value: unknown]> = [
  ["undefined", undefined],
  ["null", null],
  ["true", true],
  ["false", false],
  ["0", 0],
  ["-0", -0],
  ["integer", 42],
  ["negative integer", -7],
  ["2^53", 2 ** 53],
  ["fraction", -1.25],
  ["smallest subnormal", 5e-324],
  ["largest double", Number.MAX_VALUE],
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
  ["bigint 0", 0n],
  ["bigint", 123n],
  ["negative bigint", -123n],
  ["bigint 2^64", 2n ** 64n],
  ["bigint -2^63", -(2n ** 63n)],
  ["bigint 2^200", 2n ** 200n],
  ["negative bigint 2^130", -(2n ** 130n) - 7n],
  ["empty string", ""],
  ["string", "to be or not to be"],
  ["non-ASCII string", "héllo wörld, 你好, 😀"],
  ["lone surrogate", "a\uD800b\uDFFF"],
  ["long string", "x".repeat(100_000)],
  ["Date", new Date(1_700_000_000_123)],
  ["Date before 1970", new Date(-5_000_000_000_000)],
  ["invalid Date", new Date(NaN)],
  ["RegExp", /a+b/gi],
  ["RegExp with all flags", new RegExp("^\\p{L}+$", "dgimsuy")],
  ["empty Map", new Map()],
  ["Map", new Map<unknown, unknown>([["a", 1], [2, "b"], [null, undefined]])],
  ["Map with object keys", new Map<unknown, unknown>([[{ k: 1 }, "v"], [[1, 2], new Set([3])]])],
  ["empty Set", new Set()],
  ["Set", new Set<unknown>([1, "1", 2n, { a: 1 }])],
  ["ArrayBuffer", bytes(10).buffer],
  ["empty ArrayBuffer", new ArrayBuffer(0)],
  ["Uint8Array", bytes(300)],
  ["Int8Array", Int8Array.from([-128, -1, 0, 127])],
  ["Uint8ClampedArray", Uint8ClampedArray.from([0, 128, 255])],
  ["Int16Array", Int16Array.from([-32768, 0, 32767])],
  ["Uint16Array", Uint16Array.from([0, 65535])],
  ["Int32Array", Int32Array.from([-(2 ** 31), 2 ** 31 - 1])],
  ["Uint32Array", Uint32Array.from([0, 2 ** 32 - 1])],
  ["Float32Array", Float32Array.from([1.5, -0, NaN, Infinity])],
  ["Float64Array", Float64Array.from([Math.PI, -0, NaN, -Infinity])],
  ["BigInt64Array", BigInt64Array.from([-(2n ** 63n), 0n, 2n ** 63n - 1n])],
  ["BigUint64Array", BigUint64Array.from([0n, 2n ** 64n - 1n])],
  ...(float16 ? [["Float16Array", new float16([1.5, -0, 65504])] as const] : []),
  ["typed array on part of a buffer", new Uint16Array(bytes(16).buffer, 4, 3)],
  ["empty typed array", new Float64Array(0)],
  ["DataView", new DataView(bytes(12).buffer, 2, 8)],
  ["empty array", []],
  ["array", [1, "two", 3n, null]],
  ["array holding undefined", [1, undefined, 3]],
  ["array of -0 and NaN", [-0, NaN, 0]],
  ["empty object", {}],
  ["object", { id: 1, k: "key", v: 0.5, tag: "t" }],
  ["object with an undefined property", { a: undefined, b: 1 }],
  ["object with a -0 property", { z: -0 }],
  ["object with one $ key", { $x: 1 }],
  ["object shaped like a tag", { $date: "2020-01-01T00:00:00.000Z" }],
  ["object with odd keys", { "": 1, "a b": 2, "1": 3, "\uD800": 4, "héllo": 5 }],
  ["object with an own __proto__ key", JSON.parse('{"__proto__": {"x": 1}, "y": 2}')],
  ["object with 1000 keys", Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]))],
  ["shared reference", [shared, shared, { again: shared }]],
  ["nested", {
    when: new Date(0),
    m: new Map([["s", new Set([new Uint8Array([1]), -0])]]),
    list: [{ big: -(2n ** 70n) }, [NaN, [undefined]]],
  }],
  ["100 levels deep", deep(100)],
  ["10000 numbers", Array.from({ length: 10_000 }, (_, i) => i * 0.5)],
];

/**
 * Allowed values that arrive reshaped across a process boundary: `[label, value, arrives]`.
 * On `simple` the value itself arrives.
 *
 * @example A class instance arrives as a plain object
 * ```ts
 * import { reshapedSamples } from "./data_unit_samples.ts";
 * reshapedSamples.find(([label]) => label === "class instance")?.[2]; // => { x: 1, y: -0 }
 * ```
 */
export const reshapedSamples: ReadonlyArray<readonly [label: string, value: unknown, arrives: unknown]> = [
  ["class instance", new Point(), { x: 1, y: -0 }],
  ["array with a hole", [1, , 3], [1, undefined, 3]],
  ["object without prototype", Object.assign(Object.create(null), { a: 1 }), { a: 1 }],
  ["symbol-keyed property", { a: 1, [Symbol("s")]: 2 }, { a: 1 }],
  ["Error", Object.assign(new TypeError("boom"), { code: 7 }), { code: 7 }],
];

const cyclicObject = (): unknown => {
  const a: Record<string, unknown> = { b: {} };
  (a.b as Record<string, unknown>).c = a;
  return a;
};

const cyclicArray = (): unknown => {
  const a: Array<unknown> = [1];
  a.push([a]);
  return a;
};

const cyclicMap = (): unknown => {
  const m = new Map<string, unknown>();
  m.set("self", m);
  return m;
};

/**
 * Values that are not data units, each with what `checkDataUnit` says of it:
 * `[label, value, refusal]`.
 *
 * @example A function inside a record
 * ```ts
 * import { refusedSamples } from "./data_unit_samples.ts";
 * refusedSamples.find(([label]) => label === "function in an array")?.[2]; // => "a function at [2].f"
 * ```
 */
export const refusedSamples: ReadonlyArray<readonly [label: string, value: unknown, refusal: string]> = [
  ["function", () => 1, "a function"],
  ["class", Point, "a function"],
  ["Symbol", Symbol("s"), "a Symbol"],
  ["function in an array", [1, 2, { f: () => 3 }], "a function at [2].f"],
  ["Symbol as a property value", { a: { "b c": Symbol() } }, 'a Symbol at .a["b c"]'],
  ["Promise", { p: Promise.resolve(1) }, "a Promise at .p"],
  ["WeakMap", new WeakMap(), "a WeakMap"],
  ["WeakSet", [new WeakSet()], "a WeakSet at [0]"],
  ["WeakRef", { r: new WeakRef({}) }, "a WeakRef at .r"],
  ["FinalizationRegistry", new FinalizationRegistry(() => {}), "a FinalizationRegistry"],
  ["URL", { at: new URL("https://example.org/") }, "a URL at .at"],
  ["generator", [(function* () {})()], "a Generator at [0]"],
  ["Blob", new Blob(["bytes"]), "a Blob"],
  ["boxed number", { n: new Number(1) }, "a Number at .n"],
  ["function as a Map value", new Map([["f", () => 1]]), 'a function at .get("f")'],
  ["function as a Map key", new Map([[() => 1, 1]]), "a function at <key 0>"],
  ["Symbol in a Set", new Set([1, Symbol()]), "a Symbol at <item 1>"],
  ["function in a class instance", { p: Object.assign(new Point(), { f: () => 1 }) }, "a function at .p.f"],
  ["cyclic object", cyclicObject(), "a cyclic reference at .b.c"],
  ["cyclic array", cyclicArray(), "a cyclic reference at [1][0]"],
  ["cyclic Map", cyclicMap(), 'a cyclic reference at .get("self")'],
  ["function 100 levels deep", { v: deep(99), f: [deep(100), () => 1] }, "a function at .f[1]"],
];
