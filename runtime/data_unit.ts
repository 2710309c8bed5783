/**
 * The data-unit contract: which values a PE may write, on every target alike.
 *
 * A data unit may be, nested arbitrarily:
 *
 * - `undefined`, `null`, a boolean, a number (including `NaN`, `±Infinity` and `-0`), a bigint
 *   of any size, a string;
 * - a `Date`, a `RegExp`, a `Map` (keys of any allowed kind), a `Set`;
 * - an `ArrayBuffer`, any typed array (`Int8Array` ... `Float64Array`, `BigInt64Array`,
 *   `BigUint64Array`, and `Float16Array` where the runtime has it) or a `DataView`;
 * - an array (a hole may arrive as `undefined`);
 * - an object. Plain objects keep their shape; a class instance is allowed too, but where it
 *   crosses a process boundary it arrives as a plain object with its own enumerable
 *   string-keyed properties: class identity, methods, getters and private fields are not kept.
 *
 * Refused: functions, symbols, `WeakMap`, `WeakSet`, `WeakRef`, `FinalizationRegistry`,
 * `Promise`, objects of the platform (a `URL`, `Headers`, a `Blob`, a generator, a stream, a
 * boxed primitive: whatever names itself with `Symbol.toStringTag`), and cyclic structures (a
 * value that contains itself). References shared without a
 * cycle are fine, and may arrive as separate copies. Symbol-keyed properties are ignored.
 *
 * These are exactly the values the wire codec (`wire.ts`) and the JSON Lines form of results
 * (`json_lines.ts`) carry without loss; every target runs {@link checkDataUnit} on what a PE
 * writes and refuses the rest with the same message.
 *
 * @module
 */

/**
 * Depth up to which the walks over a data unit (this check, the wire codec, the JSON Lines form)
 * trust that there is no cycle; past it, they track ancestors with {@link tracked}.
 */
export const TRUSTED_DEPTH = 64;

/** The objects a deep walk is inside of, once it has passed {@link TRUSTED_DEPTH}. */
export type Ancestors = Set<object> | undefined;

/**
 * Walks `v` past the trusted depth: with `v` among the ancestors, so that a cycle throws a
 * `TypeError` instead of overflowing the stack.
 *
 * @example
 * ```ts
 * import { tracked } from "./data_unit.ts";
 * const loop: { self?: unknown } = {};
 * loop.self = loop;
 * const walk = (v: object, seen?: Set<object>): unknown => tracked(v, seen, (s) => walk(loop.self as object, s));
 * const found = (() => {
 *   try {
 *     return walk(loop);
 *   } catch (e) {
 *     return (e as Error).message;
 *   }
 * })();
 * found; // => "cyclic data unit"
 * ```
 */
export const tracked = <A>(v: object, seen: Ancestors, walk: (seen: Set<object>) => A): A => {
  const ancestors = seen ?? new Set<object>();
  if (ancestors.has(v)) throw new TypeError("cyclic data unit");
  ancestors.add(v);
  try {
    return walk(ancestors);
  } finally {
    ancestors.delete(v);
  }
};

/**
 * The noun for a value that is never a data unit ("a function", "a URL"), or undefined for one
 * that may be, whatever it holds.
 *
 * @example
 * ```ts
 * import { refusedKind } from "./data_unit.ts";
 * refusedKind(new WeakMap()); // => "a WeakMap"
 * refusedKind(new Map()); // => undefined
 * ```
 */
export const refusedKind = (v: unknown): string | undefined => {
  switch (typeof v) {
    case "function":
      return "a function";
    case "symbol":
      return "a Symbol";
    case "object":
      if (v === null || Array.isArray(v) || v.constructor === Object) return undefined;
      if (v instanceof Promise) return "a Promise";
      if (v instanceof WeakMap) return "a WeakMap";
      if (v instanceof WeakSet) return "a WeakSet";
      if (v instanceof WeakRef) return "a WeakRef";
      if (v instanceof FinalizationRegistry) return "a FinalizationRegistry";
      return platformKind(v);
  }
  return undefined;
};

/** What `Object.prototype.toString` calls the kinds the contract knows; a user's class says "Object". */
const KNOWN_TAGS = new Set([
  "Object",
  "Array",
  "Arguments",
  "Error",
  "Date",
  "RegExp",
  "Map",
  "Set",
  "ArrayBuffer",
  "DataView",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float16Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
]);

/**
 * Objects of the platform (a URL, Headers, a generator, a Blob, a stream, a boxed number) name
 * themselves through `Symbol.toStringTag`; structured clone refuses most of them and the wire
 * codec would turn them into `{}`, so they are refused everywhere alike.
 */
const platformKind = (v: object): string | undefined => {
  const tag = Object.prototype.toString.call(v).slice(8, -1);
  return KNOWN_TAGS.has(tag) ? undefined : `a ${tag}`;
};

/** Whether a container is a leaf for the walk: its contents are bytes or a scalar. */
const isOpaque = (v: object): boolean =>
  ArrayBuffer.isView(v) || v instanceof Date || v instanceof RegExp || v instanceof ArrayBuffer;

/**
 * The quick walk: true when `v` is certainly fine. False means "refused, or too deep to trust
 * without cycle tracking"; {@link describe} then decides, and names what it finds. Primitives
 * are tested inline, because most of what a walk meets is numbers and strings.
 */
const quick = (v: object, depth: number): boolean => {
  if (depth > TRUSTED_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === "object") {
        if (x !== null && !quick(x, depth + 1)) return false;
      } else if (typeof x === "function" || typeof x === "symbol") return false;
    }
    return true;
  }
  if (v.constructor === Object || Object.getPrototypeOf(v) === null) {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const x = o[k];
      if (typeof x === "object") {
        if (x !== null && !quick(x, depth + 1)) return false;
      } else if (typeof x === "function" || typeof x === "symbol") return false;
    }
    return true;
  }
  if (isOpaque(v)) return true;
  if (v instanceof Map) {
    for (const [k, x] of v) if (!quickAny(k, depth) || !quickAny(x, depth)) return false;
    return true;
  }
  if (v instanceof Set) {
    for (const x of v) if (!quickAny(x, depth)) return false;
    return true;
  }
  if (refusedKind(v) !== undefined) return false;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!quickAny(o[k], depth)) return false;
  return true;
};

const quickAny = (x: unknown, depth: number): boolean =>
  typeof x === "object"
    ? x === null || quick(x, depth + 1)
    : typeof x !== "function" && typeof x !== "symbol";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A short rendering of a Map key for a path. */
const keyText = (k: unknown, i: number): string => {
  switch (typeof k) {
    case "string":
      return JSON.stringify(k);
    case "number":
    case "boolean":
      return String(k);
    case "bigint":
      return `${k}n`;
  }
  return k === null ? "null" : k === undefined ? "undefined" : `<key ${i}>`;
};

/** The parts of a container with the path step to each, or undefined for a leaf. */
const parts = function* (v: object): Generator<readonly [step: string, part: unknown]> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield [`[${i}]`, v[i]];
  } else if (v instanceof Map) {
    let i = 0;
    for (const [k, x] of v) {
      yield [`<key ${i}>`, k];
      yield [`.get(${keyText(k, i)})`, x];
      i++;
    }
  } else if (v instanceof Set) {
    let i = 0;
    for (const x of v) yield [`<item ${i++}>`, x];
  } else if (!isOpaque(v)) {
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) yield [IDENTIFIER.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`, o[k]];
  }
};

interface Frame {
  readonly node: object;
  readonly path: string;
  readonly parts: Iterator<readonly [string, unknown]>;
}

/**
 * The precise walk, for what the quick one would not pass: depth-first in the same order,
 * tracking ancestors to name a cycle, and iterative so that no depth overflows the stack.
 */
const describe = (root: unknown): string | undefined => {
  const kind = refusedKind(root);
  if (kind !== undefined) return kind;
  if (typeof root !== "object" || root === null) return undefined;
  const ancestors = new Set<object>([root]);
  const stack: Array<Frame> = [{ node: root, path: "", parts: parts(root) }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const next = top.parts.next();
    if (next.done) {
      ancestors.delete(top.node);
      stack.pop();
      continue;
    }
    const [step, part] = next.value;
    const path = top.path + step;
    const bad = refusedKind(part);
    if (bad !== undefined) return `${bad} at ${path}`;
    if (typeof part !== "object" || part === null) continue;
    if (ancestors.has(part)) return `a cyclic reference at ${path}`;
    ancestors.add(part);
    stack.push({ node: part, path, parts: parts(part) });
  }
  return undefined;
};

/**
 * Checks a value against the data-unit contract (see the module documentation). Returns
 * `undefined` when the value may be a data unit, otherwise a short description of the first
 * offending value (depth first) and where it is: `.name` for a property, `[i]` for an array
 * element, `.get(key)` and `<key i>` for a Map's values and keys, `<item i>` for a Set's.
 *
 * Cheap enough for every write: a walk without cycle tracking up to depth 64, with typed
 * arrays, buffers, Dates and RegExps taken in O(1). Callers may skip it for primitives other
 * than functions and symbols.
 *
 * @example Name what is refused, and where
 * ```ts
 * import { checkDataUnit } from "./data_unit.ts";
 * checkDataUnit({ id: 1, tags: new Set(["a"]), at: new Date(0) }); // => undefined
 * checkDataUnit([1, 2, { f: () => 3 }]); // => "a function at [2].f"
 * checkDataUnit(Symbol("s")); // => "a Symbol"
 * const a: Record<string, unknown> = { b: {} };
 * (a.b as Record<string, unknown>).c = a;
 * checkDataUnit(a); // => "a cyclic reference at .b.c"
 * ```
 */
export const checkDataUnit = (data: unknown): string | undefined => {
  if (typeof data === "object") {
    return data === null || quick(data, 0) ? undefined : describe(data);
  }
  return typeof data === "function" || typeof data === "symbol" ? describe(data) : undefined;
};
