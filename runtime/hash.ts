/**
 * The one group-by hash every target uses, so that a key reaches the same instance index on
 * `simple`, `workers`, `mpi`, `spark` and `storm` alike.
 *
 * Definition: the key is written as canonical JSON (object keys sorted, `undefined` and
 * non-finite numbers as `null`, bigints as decimal strings), encoded as UTF-8 (lone surrogates
 * as U+FFFD), and hashed with 32-bit FNV-1a (offset basis 2166136261, prime 16777619). The
 * instance is `hash % instances`. Unlike Python's `hash()`, which the original used, nothing
 * here is salted per process.
 *
 * @module
 */

/**
 * The canonical JSON text of a key.
 *
 * @example Object keys are sorted
 * ```ts
 * import { canonicalJson } from "./hash.ts";
 * canonicalJson({ b: 1, a: [2, "x"] }); // => '{"a":[2,"x"],"b":1}'
 * ```
 */
export const canonicalJson = (key: unknown): string => {
  switch (typeof key) {
    case "string":
      return JSON.stringify(key);
    case "number":
      return Number.isFinite(key) ? JSON.stringify(key) : "null";
    case "boolean":
      return key ? "true" : "false";
    case "bigint":
      return JSON.stringify(key.toString());
    case "undefined":
    case "function":
    case "symbol":
      return "null";
  }
  if (key === null) return "null";
  if (Array.isArray(key)) return `[${key.map(canonicalJson).join(",")}]`;
  if (key instanceof Map) return canonicalJson(Object.fromEntries(key));
  if (key instanceof Set) return canonicalJson([...key].map(canonicalJson).sort());
  if (ArrayBuffer.isView(key)) return canonicalJson(Array.from(key as unknown as ArrayLike<number>));
  // As JSON.stringify does: a Date is its ISO string, not an object without keys.
  const toJson = (key as { toJSON?: () => unknown }).toJSON;
  if (typeof toJson === "function") return canonicalJson(toJson.call(key));
  const o = key as Record<string, unknown>;
  return `{${
    Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) =>
      `${JSON.stringify(k)}:${canonicalJson(o[k])}`
    )
      .join(",")
  }}`;
};

const PRIME = 16777619;

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of a string.
 *
 * @example Test vectors of FNV-1a 32
 * ```ts
 * import { fnv1a } from "./hash.ts";
 * fnv1a(""); // => 2166136261
 * fnv1a("a"); // => 3826002220
 * fnv1a("foobar"); // => 3214735720
 * ```
 */
export const fnv1a = (s: string): number => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, PRIME);
      continue;
    }
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c < 0xe000) c = 0xfffd;
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), PRIME);
    } else if (c < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), PRIME);
    } else {
      h = Math.imul(h ^ (0xf0 | (c >> 18)), PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), PRIME);
    }
    h = Math.imul(h ^ (0x80 | (c & 0x3f)), PRIME);
  }
  return h >>> 0;
};

/**
 * The group-by hash of a key: FNV-1a 32 of its canonical JSON.
 *
 * @example Equal keys, equal hashes, whatever the object key order
 * ```ts
 * import { hashKey } from "./hash.ts";
 * hashKey({ a: 1, b: 2 }) === hashKey({ b: 2, a: 1 }); // => true
 * hashKey("dispel4py"); // => 1307174411
 * ```
 */
export const hashKey = (key: unknown): number => fnv1a(canonicalJson(key));

/**
 * The instance, out of `instances`, that receives a key.
 *
 * @example
 * ```ts
 * import { instanceForKey } from "./hash.ts";
 * instanceForKey("dispel4py", 3); // => 2
 * ```
 */
export const instanceForKey = (key: unknown, instances: number): number => hashKey(key) % instances;
