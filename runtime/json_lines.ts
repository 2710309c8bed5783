/**
 * Results as JSON Lines, without loss: one line `{"pe":...,"port":...,"data":...}` per result,
 * and a reader that turns the lines back into equal values.
 *
 * A data unit (see `data_unit.ts`) is written in a tagged form modelled on MongoDB Extended
 * JSON. What JSON represents exactly stays as it is: finite numbers other than `-0`, strings,
 * booleans, `null`, arrays and plain objects. Everything else becomes an object with one key:
 *
 * | value                         | written as                                                      |
 * | ----------------------------- | --------------------------------------------------------------- |
 * | `undefined` (and array holes) | `{"$undefined":true}`                                           |
 * | `NaN`, `±Infinity`, `-0`      | `{"$number":"NaN"}`, `"Infinity"`, `"-Infinity"`, `"-0"`        |
 * | bigint                        | `{"$bigint":"-123"}`                                            |
 * | `Date`                        | `{"$date":"2024-01-02T03:04:05.678Z"}` (invalid: `null`)        |
 * | `RegExp`                      | `{"$regexp":{"source":"a+","flags":"gi"}}`                      |
 * | `Map`                         | `{"$map":[[key,value],...]}`                                    |
 * | `Set`                         | `{"$set":[item,...]}`                                           |
 * | typed array, `DataView`       | `{"$bytes":{"type":"Float32Array","base64":"..."}}`             |
 * | `ArrayBuffer`                 | `{"$bytes":{"type":"ArrayBuffer","base64":"..."}}`              |
 * | an object with one `$` key    | `{"$object":{"$key":...}}`, so that it is never read as a tag   |
 *
 * Keys, values, items and object properties are written the same way, recursively. Bytes are
 * those the view spans, in the platform's order (little-endian on every platform Deno runs
 * on). A class instance is written as its own enumerable string-keyed properties; an array
 * hole as `undefined`.
 *
 * @module
 */
import { type Ancestors, refusedKind, tracked, TRUSTED_DEPTH } from "./data_unit.ts";

const UNDEFINED = '{"$undefined":true}';

/** The tag of a number JSON cannot write exactly, or undefined for one it can. */
const numberTag = (n: number): string | undefined =>
  n !== n
    ? "NaN"
    : n === Infinity
    ? "Infinity"
    : n === -Infinity
    ? "-Infinity"
    : n === 0 && 1 / n < 0
    ? "-0"
    : undefined;

/** Whether a primitive inside an object is written as it is. */
const plainScalar = (x: unknown): boolean =>
  typeof x === "number"
    ? x - x === 0 && (x !== 0 || 1 / x > 0)
    : typeof x === "string" || typeof x === "boolean";

/**
 * The quick walk: true when JSON.stringify alone writes `v` exactly. Too deep counts as no, so
 * that {@link tagged}, which tracks ancestors there, meets any cycle.
 */
const plainJson = (v: object, depth: number): boolean => {
  if (depth > TRUSTED_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "object" ? x !== null && !plainJson(x, depth + 1) : !plainScalar(x)) return false;
    }
    return true;
  }
  if (v.constructor !== Object) return false;
  const o = v as Record<string, unknown>;
  let keys = 0;
  let dollar = false;
  for (const k in o) {
    if (keys++ === 0) dollar = k.startsWith("$");
    const x = o[k];
    if (typeof x === "object" ? x !== null && !plainJson(x, depth + 1) : !plainScalar(x)) return false;
  }
  return !(keys === 1 && dollar);
};

/** Sets a property; `Object.defineProperty` for "__proto__", whose assignment would set the prototype. */
const put = (o: Record<string, unknown>, k: string, x: unknown): void => {
  if (k === "__proto__") {
    Object.defineProperty(o, k, { value: x, writable: true, enumerable: true, configurable: true });
  } else o[k] = x;
};

const notData = (what: string): TypeError => new TypeError(`not a data unit: ${what}`);

/** A value in its JSON-ready tagged form. */
const tagged = (x: unknown, depth: number, seen: Ancestors): unknown => {
  switch (typeof x) {
    case "number": {
      const tag = numberTag(x);
      return tag === undefined ? x : { $number: tag };
    }
    case "string":
    case "boolean":
      return x;
    case "undefined":
      return { $undefined: true };
    case "bigint":
      return { $bigint: x.toString() };
    case "function":
      throw notData("a function");
    case "symbol":
      throw notData("a Symbol");
  }
  if (x === null) return null;
  const v = x as object;
  if (depth > TRUSTED_DEPTH) return tracked(v, seen, (s) => taggedObject(v, depth, s));
  return taggedObject(v, depth, seen);
};

const bytesOf = (view: ArrayBufferView | ArrayBuffer): string =>
  (view instanceof ArrayBuffer
    ? new Uint8Array(view)
    : new Uint8Array(view.buffer, view.byteOffset, view.byteLength))
    .toBase64();

const taggedObject = (v: object, depth: number, seen: Ancestors): unknown => {
  const d = depth + 1;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = tagged(v[i], d, seen);
    return out;
  }
  if (v instanceof Date) return { $date: Number.isNaN(v.getTime()) ? null : v.toISOString() };
  if (v instanceof RegExp) return { $regexp: { source: v.source, flags: v.flags } };
  if (v instanceof Map) return { $map: Array.from(v, ([k, x]) => [tagged(k, d, seen), tagged(x, d, seen)]) };
  if (v instanceof Set) return { $set: Array.from(v, (x) => tagged(x, d, seen)) };
  if (ArrayBuffer.isView(v)) {
    // The intrinsic name: "Uint8Array" for a Node Buffer too.
    const type = (v as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag];
    return { $bytes: { type, base64: bytesOf(v) } };
  }
  if (v instanceof ArrayBuffer) return { $bytes: { type: "ArrayBuffer", base64: bytesOf(v) } };
  const refused = refusedKind(v);
  if (refused !== undefined) throw notData(refused);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const out: Record<string, unknown> = {};
  for (const k of keys) put(out, k, tagged(o[k], d, seen));
  return keys.length === 1 && keys[0].startsWith("$") ? { $object: out } : out;
};

/**
 * The JSON text of a data unit, in the tagged form of the module documentation. Numbers,
 * strings and objects that need no tag go straight to `JSON.stringify`. Throws a `TypeError`
 * for a cycle or a value outside the data-unit contract.
 *
 * @example Tags for what JSON cannot say
 * ```ts
 * import { encodeData } from "./json_lines.ts";
 * encodeData({ n: 1, s: "x" }); // => '{"n":1,"s":"x"}'
 * encodeData(new Map([["a", -0]])); // => '{"$map":[["a",{"$number":"-0"}]]}'
 * encodeData({ $x: 1n }); // => '{"$object":{"$x":{"$bigint":"1"}}}'
 * ```
 */
export const encodeData = (data: unknown): string => {
  switch (typeof data) {
    case "number":
      return numberTag(data) === undefined ? "" + data : `{"$number":"${numberTag(data)}"}`;
    case "string":
      return JSON.stringify(data);
    case "boolean":
      return data ? "true" : "false";
    case "undefined":
      return UNDEFINED;
  }
  if (data === null) return "null";
  if (typeof data === "object" && plainJson(data, 0)) return JSON.stringify(data);
  return JSON.stringify(tagged(data, 0, undefined));
};

const decodeBytes = (b: { type?: unknown; base64?: unknown }): unknown => {
  if (typeof b.base64 !== "string") throw new Error('"$bytes" without a base64 string');
  const bytes = Uint8Array.fromBase64(b.base64);
  if (b.type === "ArrayBuffer") return bytes.buffer;
  if (b.type === "Uint8Array") return bytes;
  if (b.type === "DataView") return new DataView(bytes.buffer);
  const Class = typeof b.type === "string" ? (globalThis as Record<string, unknown>)[b.type] : undefined;
  if (typeof Class !== "function" || Object.getPrototypeOf(Class) !== TypedArray) {
    throw new Error(`"$bytes" of unknown type ${JSON.stringify(b.type)}`);
  }
  return new (Class as new (buffer: ArrayBuffer) => ArrayBufferView)(bytes.buffer);
};

/** The constructor every typed-array class extends. */
const TypedArray = Object.getPrototypeOf(Uint8Array);

const numbers: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity, "-0": -0 };

/** A tag's value, or `notATag` for a key that is not one of the tags. */
const notATag = Symbol("not a tag");

const untag = (key: string, x: unknown): unknown => {
  switch (key) {
    case "$undefined":
      return undefined;
    case "$number":
      if (typeof x === "string" && Object.hasOwn(numbers, x)) return numbers[x];
      throw new Error(`"$number" of unknown value ${JSON.stringify(x)}`);
    case "$bigint":
      if (typeof x === "string") return BigInt(x);
      throw new Error('"$bigint" without a string');
    case "$date":
      if (x === null || typeof x === "string") return new Date(x ?? NaN);
      throw new Error('"$date" without a string');
    case "$regexp": {
      const r = x as { source?: unknown; flags?: unknown } | null;
      if (typeof r?.source === "string" && typeof r.flags === "string") return new RegExp(r.source, r.flags);
      throw new Error('"$regexp" without a source and flags');
    }
    case "$map":
      if (!Array.isArray(x)) throw new Error('"$map" without a list of pairs');
      return new Map(x.map((pair: unknown) => {
        if (!Array.isArray(pair) || pair.length !== 2) {
          throw new Error('"$map" with an entry that is not a pair');
        }
        return [decodeData(pair[0]), decodeData(pair[1])];
      }));
    case "$set":
      if (!Array.isArray(x)) throw new Error('"$set" without a list');
      return new Set(x.map(decodeData));
    case "$bytes":
      if (typeof x !== "object" || x === null) throw new Error('"$bytes" without a type and base64');
      return decodeBytes(x);
    case "$object":
      if (typeof x !== "object" || x === null || Array.isArray(x)) {
        throw new Error('"$object" without an object');
      }
      return decodeFields(x as Record<string, unknown>);
  }
  return notATag;
};

/** An object's properties decoded; the object itself when none changes (copy on write). */
const decodeFields = (o: Record<string, unknown>): unknown => {
  let out: Record<string, unknown> | undefined;
  for (const k in o) {
    const x = o[k];
    const y = typeof x === "object" && x !== null ? decodeData(x) : x;
    if (out === undefined) {
      if (y === x) continue;
      out = {};
      for (const j in o) {
        if (j === k) break;
        put(out, j, o[j]);
      }
    }
    put(out, k, y);
  }
  return out ?? o;
};

/**
 * The data unit a tagged JSON value stands for (the inverse of {@link encodeData}, after
 * `JSON.parse`). Parts that hold no tag are returned as they are, not copied; the argument is
 * never changed. An object with one `$` key that is not one of the tags is read as an object.
 *
 * @example Back to a Map with a bigint
 * ```ts
 * import { decodeData } from "./json_lines.ts";
 * decodeData(JSON.parse('{"$map":[["n",{"$bigint":"12345678901234567890"}]]}'));
 * // => new Map([["n", 12345678901234567890n]])
 * ```
 */
export const decodeData = (value: unknown): unknown => {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let out: Array<unknown> | undefined;
    for (let i = 0; i < value.length; i++) {
      const x = value[i];
      if (typeof x !== "object" || x === null) continue;
      const y = decodeData(x);
      if (y === x) continue;
      out ??= value.slice();
      out[i] = y;
    }
    return out ?? value;
  }
  const o = value as Record<string, unknown>;
  let only: string | undefined;
  let count = 0;
  for (const k in o) if (count++ === 0) only = k;
  if (count === 1 && only!.startsWith("$")) {
    const v = untag(only!, o[only!]);
    if (v !== notATag) return v;
  }
  return decodeFields(o);
};

let lastPe: string | undefined;
let lastPort: string | undefined;
let lastPrefix = "";

/**
 * One result as a JSON line (without the newline): `{"pe":...,"port":...,"data":...}`.
 *
 * @example A number and a Set
 * ```ts
 * import { resultLine } from "./json_lines.ts";
 * resultLine("count", "output", 3); // => '{"pe":"count","port":"output","data":3}'
 * resultLine("tags", "output", new Set(["a"])); // => '{"pe":"tags","port":"output","data":{"$set":["a"]}}'
 * ```
 */
export const resultLine = (pe: string, port: string, data: unknown): string => {
  // Results come in runs from one PE and port: their prefix is made once per run.
  if (pe !== lastPe || port !== lastPort) {
    lastPe = pe;
    lastPort = port;
    lastPrefix = `{"pe":${JSON.stringify(pe)},"port":${JSON.stringify(port)},"data":`;
  }
  return `${lastPrefix}${encodeData(data)}}`;
};

/**
 * A result from its JSON line (see {@link resultLine}), with its data unit decoded. Throws an
 * `Error` for a line that is not one.
 *
 * @example Read one line
 * ```ts
 * import { parseResultLine } from "./json_lines.ts";
 * parseResultLine('{"pe":"big","port":"output","data":{"$bigint":"-5"}}'); // => { pe: "big", port: "output", data: -5n }
 * ```
 */
export const parseResultLine = (line: string): { pe: string; port: string; data: unknown } => {
  const r = JSON.parse(line) as { pe?: unknown; port?: unknown; data?: unknown } | null;
  if (
    typeof r !== "object" || r === null || typeof r.pe !== "string" || typeof r.port !== "string" ||
    !("data" in r)
  ) {
    throw new Error('not a result line: expected {"pe":...,"port":...,"data":...}');
  }
  return { pe: r.pe, port: r.port, data: decodeData(r.data) };
};

/**
 * The results in a JSON Lines text, such as the results file of a run. Empty lines are
 * skipped; a malformed line throws an `Error` that names its line number.
 *
 * @example Two results, one of them a Date
 * ```ts
 * import { readResults } from "./json_lines.ts";
 * const text = '{"pe":"a","port":"output","data":1}\n{"pe":"b","port":"output","data":{"$date":"1970-01-01T00:00:00.000Z"}}\n';
 * readResults(text).map((r) => r.data); // => [1, new Date(0)]
 * ```
 */
export const readResults = (text: string): Array<{ pe: string; port: string; data: unknown }> => {
  const out: Array<{ pe: string; port: string; data: unknown }> = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "") continue;
    try {
      out.push(parseResultLine(line));
    } catch (e) {
      throw new Error(`Line ${i + 1} of the results: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
};
