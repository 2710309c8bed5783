/**
 * The wire codec: data units as bytes, for anything that crosses a process boundary, and the
 * framing that carries those bytes over a byte stream.
 *
 * One shared msgpackr `Packr` with its extra types (`moreTypes`: Set, RegExp, Date, typed
 * arrays, DataView, ArrayBuffer, bigints beyond 64 bits, `undefined`) and records, which decode
 * objects as objects and Maps as Maps. msgpackr's structured-clone mode adds only reference
 * tracking (shared objects and cycles), which the data-unit contract does not need (cycles are
 * refused, shared references may arrive copied) and which halves the speed of records. What
 * MessagePack cannot say is rewritten before packing, by a walk that copies only the containers
 * on the way to such a value: `-0` (packed as the integer 0), strings with lone surrogates
 * (UTF-8 replaces them), objects with an own `__proto__` key (msgpackr renames it) or a key with
 * a lone surrogate, `Float16Array` (unknown to msgpackr), `Error`s (msgpackr would keep their
 * class; the contract makes them plain objects, as any class instance) and typed-array
 * subclasses such as Node's `Buffer` (which msgpackr would decode as views into the input).
 *
 * @module
 */
import { addExtension, Packr } from "msgpackr";
import { type Ancestors, tracked, TRUSTED_DEPTH } from "./data_unit.ts";

/** Stands for `-0`, which MessagePack has no integer for. */
class NegativeZero {}
const negativeZero = new NegativeZero();

/** Stands for a string that is not well-formed UTF-16: packed as its code units. */
class IllFormedString {
  constructor(readonly text: string) {}
}

/** Stands for an object with keys msgpackr cannot carry: packed as a flat key, value list. */
class OddKeysObject {
  constructor(readonly entries: Array<unknown>) {}
}

/**
 * The bytes an extension is given, in a buffer of their own: they are a view into the message, at
 * an offset that may not suit the element size, and may be a Node `Buffer`, whose `slice` is a view.
 */
const copy = (bytes: Uint8Array): ArrayBuffer => Uint8Array.prototype.slice.call(bytes).buffer;

/** Extension type codes, from the range msgpackr leaves to applications (1 to 100). */
const EXT_NEGATIVE_ZERO = 45;
const EXT_ILL_FORMED_STRING = 46;
const EXT_ODD_KEYS_OBJECT = 47;
const EXT_FLOAT16_ARRAY = 48;

addExtension({
  Class: NegativeZero,
  type: EXT_NEGATIVE_ZERO,
  pack: () => new Uint8Array(1),
  unpack: () => -0,
});

addExtension({
  Class: IllFormedString,
  type: EXT_ILL_FORMED_STRING,
  pack: (s: IllFormedString) => {
    const units = new Uint16Array(s.text.length);
    for (let i = 0; i < units.length; i++) units[i] = s.text.charCodeAt(i);
    return new Uint8Array(units.buffer);
  },
  unpack: (bytes: Uint8Array) => {
    const units = new Uint16Array(copy(bytes));
    let text = "";
    // In slices: spreading a long array into one call would overflow the argument stack.
    for (let i = 0; i < units.length; i += 8192) {
      text += String.fromCharCode(...units.subarray(i, i + 8192));
    }
    return text;
  },
});

addExtension({
  Class: OddKeysObject,
  type: EXT_ODD_KEYS_OBJECT,
  write: (o: OddKeysObject) => o.entries,
  read: (entries: Array<unknown>) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < entries.length; i += 2) {
      Object.defineProperty(out, entries[i] as string, {
        value: entries[i + 1],
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    return out;
  },
});

type TypedArrayClass = new (buffer: ArrayBufferLike) => ArrayBufferView;
const Float16 = (globalThis as { Float16Array?: TypedArrayClass }).Float16Array;
if (Float16 !== undefined) {
  addExtension({
    Class: Float16,
    type: EXT_FLOAT16_ARRAY,
    pack: (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength),
    unpack: (bytes: Uint8Array) => new Float16(copy(bytes)),
  });
}

const packr = new Packr({ moreTypes: true, useToJSON: false });

/** The standard typed-array classes by name, to turn a subclass instance into its base class. */
const typedArrayClasses = new Map<string, TypedArrayClass>(
  [
    Int8Array,
    Uint8Array,
    Uint8ClampedArray,
    Int16Array,
    Uint16Array,
    Int32Array,
    Uint32Array,
    Float32Array,
    Float64Array,
    BigInt64Array,
    BigUint64Array,
    ...(Float16 ? [Float16] : []),
  ].map((c) => [c.name, c as unknown as TypedArrayClass]),
);

/** A string or number as msgpackr can carry it. */
const scalar = (x: string | number): unknown =>
  typeof x === "number"
    ? x === 0 && 1 / x < 0 ? negativeZero : x
    : x.isWellFormed()
    ? x
    : new IllFormedString(x);

/** Any value as msgpackr can carry it (see the module documentation): `x` itself when it can. */
const prepare = (x: unknown, depth: number, seen: Ancestors): unknown =>
  typeof x === "object"
    ? x === null ? x : prepareObject(x, depth + 1, seen)
    : typeof x === "number" || typeof x === "string"
    ? scalar(x)
    : x;

const prepareObject = (v: object, depth: number, seen: Ancestors): unknown =>
  depth > TRUSTED_DEPTH
    ? tracked(v, seen, (s) => prepareShallow(v, depth, s))
    : prepareShallow(v, depth, seen);

const prepareShallow = (v: object, depth: number, seen: Ancestors): unknown => {
  if (Array.isArray(v)) {
    let out: Array<unknown> | undefined;
    for (let i = 0; i < v.length; i++) {
      // Numbers first and inline: most of what a batch holds.
      const x = v[i];
      let y: unknown;
      if (typeof x === "number") {
        if (x !== 0 || 1 / x > 0) continue;
        y = negativeZero;
      } else {
        y = prepare(x, depth, seen);
        if (y === x) continue;
      }
      out ??= v.slice();
      out[i] = y;
    }
    return out ?? v;
  }
  if (v.constructor === Object) return prepareFields(v as Record<string, unknown>, depth, seen, true);
  if (ArrayBuffer.isView(v)) {
    const c = v.constructor;
    if (c === DataView || typedArrayClasses.get((c as TypedArrayClass).name) === c) return v;
    if (v instanceof DataView) return new DataView(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
    const base = typedArrayClasses.get(
      (v as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag],
    )!;
    return new base(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
  }
  if (v instanceof Date || v instanceof RegExp || v instanceof ArrayBuffer) return v;
  if (v instanceof Map) {
    let altered = false;
    const entries: Array<[unknown, unknown]> = [];
    for (const [k, x] of v) {
      const pk = prepare(k, depth, seen);
      const px = prepare(x, depth, seen);
      if (changed(pk, k) || changed(px, x)) altered = true;
      entries.push([pk, px]);
    }
    return altered ? new Map(entries) : v;
  }
  if (v instanceof Set) {
    let altered = false;
    const items: Array<unknown> = [];
    for (const x of v) {
      const px = prepare(x, depth, seen);
      if (changed(px, x)) altered = true;
      items.push(px);
    }
    return altered ? new Set(items) : v;
  }
  // Class instances (Errors among them) and null-prototype objects: their own enumerable
  // string-keyed properties, as a plain object.
  return prepareFields(v as Record<string, unknown>, depth, seen, false);
};

/** Whether a prepared value stands for a change (NaN is never one: prepare returns it as it is). */
const changed = (y: unknown, x: unknown): boolean => y !== x && y === y;

/** Sets a property; `Object.defineProperty` for "__proto__", whose assignment would set the prototype. */
const put = (o: Record<string, unknown>, k: string, x: unknown): void => {
  if (k === "__proto__") {
    Object.defineProperty(o, k, { value: x, writable: true, enumerable: true, configurable: true });
  } else o[k] = x;
};

/** An object's own enumerable properties, prepared; `v` itself when it is plain and needs nothing. */
const prepareFields = (
  v: Record<string, unknown>,
  depth: number,
  seen: Ancestors,
  plain: boolean,
): unknown => {
  // A class instance is always copied: msgpackr writes a class it knows (Error) its own way.
  let out: Record<string, unknown> | undefined = plain ? undefined : {};
  let oddKeys = false;
  for (const k in v) {
    if (!plain && !Object.hasOwn(v, k)) continue;
    if (k === "__proto__" || !k.isWellFormed()) oddKeys = true;
    const x = v[k];
    const y = typeof x === "number" ? (x === 0 && 1 / x < 0 ? negativeZero : x) : prepare(x, depth, seen);
    if (out === undefined) {
      if (!changed(y, x)) continue;
      out = {};
      for (const j in v) {
        if (j === k) break;
        put(out, j, v[j]);
      }
    }
    put(out, k, y);
  }
  if (oddKeys) {
    const source = out ?? v;
    const entries: Array<unknown> = [];
    for (const k of Object.keys(source)) entries.push(scalar(k), source[k]);
    return new OddKeysObject(entries);
  }
  return out ?? v;
};

/**
 * The bytes of a data unit. The result owns its own `ArrayBuffer` (msgpackr packs into a
 * reused buffer), so it can be transferred or kept. Cycles throw a `TypeError`; other values
 * outside the contract are not checked here (see `checkDataUnit`).
 *
 * @example Round trip
 * ```ts
 * import { decode, encode } from "./wire.ts";
 * const unit = { id: 1, when: new Date(0), tags: new Set(["a"]), z: -0, big: 2n ** 70n };
 * decode(encode(unit)); // => { id: 1, when: new Date(0), tags: new Set(["a"]), z: -0, big: 2n ** 70n }
 * Object.is((decode(encode(unit)) as typeof unit).z, -0); // => true
 * ```
 */
export const encode = (value: unknown): Uint8Array => {
  const packed = packr.pack(
    typeof value === "object"
      ? value === null ? value : prepareObject(value, 0, undefined)
      : typeof value === "number" || typeof value === "string"
      ? scalar(value)
      : value,
  );
  // Uint8Array.prototype.slice, not the packed Buffer's own slice, which returns a view.
  return Uint8Array.prototype.slice.call(packed);
};

/**
 * The data unit in bytes made by {@link encode}. The result shares no memory with `bytes`.
 *
 * @example Typed arrays keep their type
 * ```ts
 * import { decode, encode } from "./wire.ts";
 * decode(encode(new Float32Array([1.5]))) instanceof Float32Array; // => true
 * ```
 */
export const decode = (bytes: Uint8Array): unknown => packr.unpack(bytes);

/**
 * One frame: the payload after its length as a 4-byte big-endian unsigned integer.
 *
 * @example A 3-byte payload
 * ```ts
 * import { frame } from "./wire.ts";
 * Array.from(frame(new Uint8Array([7, 8, 9]))); // => [0, 0, 0, 3, 7, 8, 9]
 * ```
 */
export const frame = (bytes: Uint8Array): Uint8Array => {
  const out = new Uint8Array(4 + bytes.byteLength);
  new DataView(out.buffer).setUint32(0, bytes.byteLength);
  out.set(bytes, 4);
  return out;
};

const lengthAt = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;

/**
 * The payloads of the frames on a byte stream (see {@link frame}), however the stream's chunks
 * cut them. A payload may be a view into a chunk; chunks are never written to. A stream that
 * ends inside a frame throws an `Error` saying how many bytes were missing. Leaving the loop
 * early cancels the stream.
 *
 * @example Two frames, cut across three chunks
 * ```ts
 * import { frame, readFrames } from "./wire.ts";
 * const bytes = new Uint8Array([...frame(new Uint8Array([1, 2])), ...frame(new Uint8Array([3]))]);
 * const stream = ReadableStream.from([bytes.subarray(0, 3), bytes.subarray(3, 8), bytes.subarray(8)]);
 * const payloads = [];
 * for await (const p of readFrames(stream)) payloads.push(Array.from(p));
 * payloads; // => [[1, 2], [3]]
 * ```
 */
export async function* readFrames(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  // A length prefix cut between chunks, and a payload being filled across chunks.
  const head = new Uint8Array(4);
  let headFill = 0;
  let body: Uint8Array | undefined;
  let bodyFill = 0;
  for await (const chunk of stream) {
    let at = 0;
    while (at < chunk.length) {
      if (body !== undefined) {
        const take = Math.min(body.length - bodyFill, chunk.length - at);
        body.set(chunk.subarray(at, at + take), bodyFill);
        bodyFill += take;
        at += take;
        if (bodyFill === body.length) {
          yield body;
          body = undefined;
        }
      } else if (headFill === 0 && chunk.length - at >= 4) {
        // Whole frames inside one chunk cost no copy.
        const n = lengthAt(chunk, at);
        if (chunk.length - at - 4 >= n) {
          yield chunk.subarray(at + 4, at + 4 + n);
          at += 4 + n;
        } else {
          body = new Uint8Array(n);
          body.set(chunk.subarray(at + 4));
          bodyFill = chunk.length - at - 4;
          at = chunk.length;
        }
      } else {
        const take = Math.min(4 - headFill, chunk.length - at);
        head.set(chunk.subarray(at, at + take), headFill);
        headFill += take;
        at += take;
        if (headFill === 4) {
          headFill = 0;
          const n = lengthAt(head, 0);
          if (n === 0) yield new Uint8Array(0);
          else {
            body = new Uint8Array(n);
            bodyFill = 0;
          }
        }
      }
    }
  }
  if (headFill > 0) {
    throw new Error(
      `Byte stream ended inside a frame: ${4 - headFill} bytes of its 4-byte length prefix missing`,
    );
  }
  if (body !== undefined) {
    throw new Error(
      `Byte stream ended inside a frame: ${
        body.length - bodyFill
      } bytes of its ${body.length}-byte payload missing`,
    );
  }
}
