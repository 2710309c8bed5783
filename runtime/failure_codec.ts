/**
 * The error codec: what a PE threw, as plain data that crosses any process boundary (structured
 * clone or the wire codec), and back.
 *
 * A tagged error (an Effect `Data.TaggedError`, or our own `PeFailure`, `CodeNotFound`,
 * `BadInput` and `WorkerFailure`) keeps its `_tag` and fields, so that `Effect.catchTag` on the
 * caller's side works on every target; any error keeps its name, message and stack; a thrown
 * value that is not an `Error` arrives as itself.
 *
 * @module
 */
import * as Data from "effect/Data";
import { checkDataUnit } from "./data_unit.ts";
import { BadInput, CodeNotFound, describeError, PeFailure, renderData, WorkerFailure } from "./errors.ts";

/** A thrown value as plain data (see {@link encodeError}). */
export interface ErrorData {
  /** The error's `name`; for a thrown non-Error, its type (`"string"`, `"object"`...). */
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  /** The `_tag` of a tagged error. */
  readonly tag?: string;
  /**
   * The error's own enumerable properties (without `_tag`), and `cause` when it has one: data
   * units as they are, other values rendered as strings, errors encoded in turn.
   */
  readonly fields?: { readonly [field: string]: unknown };
  /** The names of the fields that hold an encoded error (an `ErrorData`). */
  readonly errorFields?: ReadonlyArray<string>;
  /** Set when what was thrown is not an `Error`: the value itself (rendered when it is not data). */
  readonly thrown?: { readonly value: unknown };
}

/** Properties every error has, carried on their own. */
const CARRIED = new Set(["_tag", "name", "message", "stack"]);

/** A property read that cannot throw: a failing getter must not hide the failure being reported. */
const read = (o: object, k: string): unknown => {
  try {
    return (o as Record<string, unknown>)[k];
  } catch (e) {
    return `[unreadable: ${describeError(e)}]`;
  }
};

/** A data unit as it is; anything else as a short string. */
const asData = (x: unknown): unknown => {
  if (typeof x !== "object" && typeof x !== "function" && typeof x !== "symbol") return x;
  if (checkDataUnit(x) === undefined) return x;
  if (typeof x === "function") return `[function ${x.name || "anonymous"}]`;
  return typeof x === "symbol" ? x.toString() : renderData(x);
};

const encodeWith = (e: unknown, seen: Set<Error>): ErrorData => {
  if (!(e instanceof Error)) {
    return { name: e === null ? "null" : typeof e, message: describeError(e), thrown: { value: asData(e) } };
  }
  seen.add(e);
  const tag = read(e, "_tag");
  const keys = Object.keys(e).filter((k) => !CARRIED.has(k));
  // Effect, like Error itself, makes `cause` non-enumerable; PeFailure's is one of its fields.
  if (Object.hasOwn(e, "cause") && !keys.includes("cause")) keys.push("cause");
  const fields: Record<string, unknown> = {};
  const errorFields: Array<string> = [];
  for (const k of keys) {
    const x = read(e, k);
    if (x instanceof Error && !seen.has(x)) {
      errorFields.push(k);
      fields[k] = encodeWith(x, seen);
    } else fields[k] = x instanceof Error ? `[the same error again: ${describeError(x)}]` : asData(x);
  }
  const stack = read(e, "stack");
  return {
    name: String(read(e, "name")),
    message: String(read(e, "message")),
    ...(typeof stack === "string" ? { stack } : {}),
    ...(typeof tag === "string" ? { tag } : {}),
    ...(keys.length > 0 ? { fields } : {}),
    ...(errorFields.length > 0 ? { errorFields } : {}),
  };
};

/**
 * A thrown value as plain data that structured clone and the wire codec both carry.
 *
 * @example A tagged error keeps its tag and fields
 * ```ts
 * import * as Data from "effect/Data";
 * import { encodeError } from "./failure_codec.ts";
 * class Overheated extends Data.TaggedError("Overheated")<{ readonly celsius: number }> {}
 * const d = encodeError(new Overheated({ celsius: 120 }));
 * [d.tag, d.fields]; // => ["Overheated", { celsius: 120 }]
 * encodeError("just a string").thrown; // => { value: "just a string" }
 * ```
 */
export const encodeError = (e: unknown): ErrorData => encodeWith(e, new Set());

/** Our own tagged errors, rebuilt as instances of their classes. */
const ownClasses: Record<string, new (fields: never) => Error> = {
  PeFailure,
  CodeNotFound,
  BadInput,
  WorkerFailure,
};

const builtins: Record<string, new (message: string, options?: ErrorOptions) => Error> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** One class per foreign tag, made once: a real Effect tagged error, so it can be yielded too. */
const taggedClasses = new Map<string, new (fields: Record<string, unknown>) => Error>();
const taggedClass = (tag: string): new (fields: Record<string, unknown>) => Error => {
  let c = taggedClasses.get(tag);
  if (c === undefined) {
    c = Data.TaggedError(tag) as unknown as new (fields: Record<string, unknown>) => Error;
    taggedClasses.set(tag, c);
  }
  return c;
};

const setOwn = (o: object, k: string, value: unknown): void => {
  Object.defineProperty(o, k, { value, writable: true, enumerable: false, configurable: true });
};

/**
 * The thrown value that {@link encodeError} encoded. One of our own tagged errors comes back
 * as an instance of its class; another tagged error as an Effect tagged error with the same
 * `_tag`, name, fields, message and stack (its class is not known here); another error as an
 * error of its built-in class (or `Error`) with the same name, message, stack and fields; a
 * thrown non-Error as itself.
 *
 * @example `Effect.catchTag` works on the rebuilt error
 * ```ts
 * import { Effect } from "effect";
 * import * as Data from "effect/Data";
 * import { decodeError, encodeError } from "./failure_codec.ts";
 * class Overheated extends Data.TaggedError("Overheated")<{ readonly celsius: number }> {}
 * const rebuilt = decodeError(structuredClone(encodeError(new Overheated({ celsius: 120 })))) as Overheated;
 * await Effect.runPromise(Effect.fail(rebuilt).pipe(Effect.catchTag("Overheated", (e) => Effect.succeed(e.celsius))));
 * // => 120
 * ```
 */
export const decodeError = (d: ErrorData): unknown => {
  if (d.thrown !== undefined) return d.thrown.value;
  const fields: Record<string, unknown> = { ...d.fields };
  for (const k of d.errorFields ?? []) fields[k] = decodeError(fields[k] as ErrorData);
  let e: Error;
  const Own = d.tag === undefined ? undefined : ownClasses[d.tag];
  if (Own !== undefined) e = new Own(fields as never);
  else if (d.tag !== undefined) {
    e = new (taggedClass(d.tag))(fields);
    setOwn(e, "message", d.message);
    if (e.name !== d.name) setOwn(e, "name", d.name);
  } else {
    const { cause, ...rest } = fields;
    const Builtin = Object.hasOwn(builtins, d.name) ? builtins[d.name] : Error;
    e = new Builtin(d.message, "cause" in fields ? { cause } : undefined);
    if (e.name !== d.name) setOwn(e, "name", d.name);
    Object.assign(e, rest);
  }
  if (d.stack !== undefined) setOwn(e, "stack", d.stack);
  return e;
};
