/**
 * Iterative PEs (one input `input`, one output `output`), consumers (one input, no output) and
 * function PEs wrapping a plain, async, generator or Effect function.
 *
 * @module
 */
import type * as Effect from "effect/Effect";
import { checksOf, type Context, emitResult, instanceFactory, type Setup } from "./context.ts";
import { makePe, type Pe } from "./pe.ts";
import type { PortSpec } from "./port.ts";

/** What a function may return for output type `B`: nothing (drops the item), a value, or many. */
export type Returned<B> =
  | B
  | undefined
  | void
  | PromiseLike<B | undefined | void>
  | Generator<B, unknown, unknown>
  | AsyncGenerator<B, unknown, unknown>
  | Effect.Effect<B | undefined, unknown, never>;

/** The output type of a function returning `R`. */
export type OutputOf<R> = R extends Effect.Effect<infer A, infer _E, infer _R> ? Exclude<A, undefined | void>
  : R extends PromiseLike<infer P> ? Exclude<P, undefined | void>
  : R extends Generator<infer Y, infer _R, infer _N> ? Y
  : R extends AsyncGenerator<infer Y, infer _R, infer _N> ? Y
  : Exclude<R, undefined | void>;

/** The definition of an iterative PE with state and hooks. */
export interface IterativeSpec<A, B, S> {
  readonly name: string;
  /**
   * The type of the data units on `output` (`W.port<T>()`), for a PE that writes them through
   * `ctx.write` only (in `flush`, say): what `process` returns cannot tell it then.
   */
  readonly output?: PortSpec<B>;
  readonly state?: () => S;
  readonly setup?: (ctx: Context<{ output: B }, S>) => Setup;
  readonly process: (data: A, ctx: Context<{ output: B }, S>) => Returned<B>;
  readonly flush?: (ctx: Context<{ output: B }, S>) => void | PromiseLike<void>;
}

/**
 * Defines an iterative PE: each data unit on `input` gives what `process` returns on `output`
 * (`undefined` drops it; a generator writes each yielded value). The output's type is what
 * `process` returns, or `output: W.port<T>()` for a PE that writes through `ctx.write` only.
 *
 * @example A running sum with per-instance state
 * ```ts
 * import * as W from "./mod.ts";
 * const runningSum = W.iterative({
 *   name: "runningSum",
 *   state: () => ({ sum: 0 }),
 *   process: (x: number, ctx): number => (ctx.state.sum += x),
 * });
 * runningSum.inputs; // => ["input"]
 * ```
 *
 * @example A PE that writes only at end of stream states its output type
 * ```ts
 * import * as W from "./mod.ts";
 * const count = W.iterative({
 *   name: "count",
 *   output: W.port<[string, number]>(),
 *   state: () => new Map<string, number>(),
 *   process: (word: string, ctx) => { ctx.state.set(word, (ctx.state.get(word) ?? 0) + 1); },
 *   flush: (ctx) => { for (const pair of ctx.state) ctx.write("output", pair); },
 * });
 * const c = W.pe(count);
 * const top = W.pe(W.consumer("top", (_pair: [string, number]) => {}));
 * W.connect(c.out.output, top.in.input)._tag; // => "Connection"
 * ```
 */
export const iterative = <A, B, S = undefined>(
  spec: IterativeSpec<A, B, S>,
): Pe<{ input: A }, { output: B }> => {
  const process = spec.process as (data: unknown, ctx: Context<{ output: B }, S>) => unknown;
  return makePe({
    name: spec.name,
    inputs: ["input"],
    outputs: ["output"],
    groupings: {},
    body: {
      _tag: "Atomic",
      kind: "iterative",
      make: instanceFactory<{ output: B }, S>({
        state: spec.state,
        setup: spec.setup,
        process: (_port, data, ctx) => emitResult(process(data, ctx), ctx, "output"),
        flush: spec.flush,
        checks: spec.output === undefined ? undefined : checksOf({}, { output: spec.output }),
      }),
    },
  });
};

/** The definition of a consumer PE. */
export interface ConsumerSpec<A, S> {
  readonly name: string;
  readonly state?: () => S;
  readonly setup?: (ctx: Context<Record<never, never>, S>) => Setup;
  readonly process: (data: A, ctx: Context<Record<never, never>, S>) => void | PromiseLike<void>;
  readonly flush?: (ctx: Context<Record<never, never>, S>) => void | PromiseLike<void>;
}

/**
 * Defines a consumer PE: one input, no output. Give a name and a function, or a full spec.
 *
 * @example A consumer that logs each data unit
 * ```ts
 * import * as W from "./mod.ts";
 * const print = W.consumer("print", (x: number) => console.log(x));
 * print.outputs; // => []
 * ```
 */
export function consumer<A>(
  name: string,
  f: (data: A) => void | PromiseLike<void>,
): Pe<{ input: A }, Record<never, never>>;
export function consumer<A, S = undefined>(spec: ConsumerSpec<A, S>): Pe<{ input: A }, Record<never, never>>;
export function consumer<A, S>(
  nameOrSpec: string | ConsumerSpec<A, S>,
  f?: (data: A) => void | PromiseLike<void>,
): Pe<{ input: A }, Record<never, never>> {
  const spec: ConsumerSpec<A, S> = typeof nameOrSpec === "string"
    ? { name: nameOrSpec, process: (d) => f!(d) }
    : nameOrSpec;
  const process = spec.process as (
    data: unknown,
    ctx: Context<Record<never, never>, S>,
  ) => void | PromiseLike<void>;
  return makePe({
    name: spec.name,
    inputs: ["input"],
    outputs: [],
    groupings: {},
    body: {
      _tag: "Atomic",
      kind: "consumer",
      make: instanceFactory<Record<never, never>, S>({
        state: spec.state,
        setup: spec.setup,
        process: (_port, data, ctx) => process(data, ctx),
        flush: spec.flush,
      }),
    },
  });
}

/**
 * Wraps a function as a PE with ports `input` and `output` (the original's SimpleFunctionPE).
 * The function may be plain, async, a generator (each yielded value is written) or return an
 * Effect. Returning `undefined` drops the data unit. The name defaults to `PE_<function name>`.
 *
 * @example An async function and a generator
 * ```ts
 * import * as W from "./mod.ts";
 * const fetchSize = W.fn("size", async (s: string) => s.length);
 * const words = W.fn(function* split(line: string) { yield* line.split(" "); });
 * words.name; // => "PE_split"
 * ```
 */
export function fn<A, R>(f: (data: A) => R): Pe<{ input: A }, { output: OutputOf<R> }>;
export function fn<A, R>(name: string, f: (data: A) => R): Pe<{ input: A }, { output: OutputOf<R> }>;
export function fn<A, R>(
  nameOrF: string | ((data: A) => R),
  f?: (data: A) => R,
): Pe<{ input: A }, { output: OutputOf<R> }> {
  const g = (typeof nameOrF === "string" ? f! : nameOrF) as (data: unknown) => unknown;
  const name = typeof nameOrF === "string" ? nameOrF : `PE_${g.name || "anonymous"}`;
  return makePe({
    name,
    inputs: ["input"],
    outputs: ["output"],
    groupings: {},
    body: {
      _tag: "Atomic",
      kind: "function",
      make: () => ({ process: (_port, data, ctx) => emitResult(g(data), ctx, "output") }),
    },
  });
}
