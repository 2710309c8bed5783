/**
 * Connections: `connect`, `tee` (one output to several inputs) and `merge` (several outputs into
 * one input). An output of type `A` connects to an input of type `B` only when `A` is assignable
 * to `B`, checked by the compiler.
 *
 * @module
 */
import type { Connection, InPort, OutPort } from "./node.ts";

const check = (from: OutPort<unknown>, to: InPort<never>): void => {
  if (from?._tag !== "OutPort") {
    throw new TypeError("connect(): the first argument is not an output port handle");
  }
  if (to?._tag !== "InPort") {
    throw new TypeError("connect(): the second argument is not an input port handle");
  }
};

/**
 * Connects an output port to an input port. The receiving input's grouping decides which of its
 * instances gets each data unit.
 *
 * @example Connect a producer to a function PE
 * ```ts
 * import * as W from "./mod.ts";
 * const numbers = W.pe(W.producer("numbers", (i: number) => i));
 * const double = W.pe(W.fn("double", (x: number) => x * 2));
 * const c = W.connect(numbers.out.output, double.in.input);
 * c._tag; // => "Connection"
 * ```
 */
export const connect = <A extends B, B, E1, E2>(
  from: OutPort<A, E1>,
  to: InPort<B, E2>,
): Connection<E1 | E2> => {
  check(from as OutPort<unknown>, to as InPort<never>);
  return { _tag: "Connection", from: from as OutPort<unknown>, to: to as InPort<never> };
};

/**
 * Connects one output to several inputs: each input receives every data unit.
 *
 * @example Copy a stream to two PEs
 * ```ts
 * import * as W from "./mod.ts";
 * const p = W.pe(W.producer("p", (i: number) => i));
 * const a = W.pe(W.fn("a", (x: number) => x), "a");
 * const b = W.pe(W.fn("b", (x: number) => x), "b");
 * W.tee(p.out.output, a.in.input, b.in.input).length; // => 2
 * ```
 */
export const tee = <A extends B, B, E1, E2>(
  from: OutPort<A, E1>,
  ...to: ReadonlyArray<InPort<B, E2>>
): Array<Connection<E1 | E2>> => to.map((t) => connect(from, t));

/**
 * Connects several outputs into one input (fan-in): the input receives the union of the streams.
 *
 * @example Merge two branches
 * ```ts
 * import * as W from "./mod.ts";
 * const a = W.pe(W.producer("a", (i: number) => i));
 * const b = W.pe(W.producer("b", (i: number) => -i));
 * const sink = W.pe(W.consumer("sink", (_x: number) => {}));
 * W.merge([a.out.output, b.out.output], sink.in.input).length; // => 2
 * ```
 */
export const merge = <A extends B, B, E1, E2>(
  from: ReadonlyArray<OutPort<A, E1>>,
  to: InPort<B, E2>,
): Array<Connection<E1 | E2>> => from.map((f) => connect(f, to));
