/**
 * Composite PEs: a sub-workflow exposing chosen inner ports as its own. Composites nest and are
 * flattened when the workflow compiles.
 *
 * @module
 */
import type { Connection, InPort, OutPort } from "./node.ts";
import { makePe, type Pe } from "./pe.ts";
import { collectNodes, type ErrorOf, type Part } from "./parts.ts";

type InType<P> = P extends InPort<infer A> ? A : P extends ReadonlyArray<InPort<infer A>> ? A : never;
type OutType<P> = P extends OutPort<infer A> ? A : never;

/** The definition of a composite PE. */
export interface CompositeSpec<
  I extends Record<string, InPort<never> | ReadonlyArray<InPort<never>>>,
  O extends Record<string, OutPort<unknown>>,
  P extends ReadonlyArray<Part> = ReadonlyArray<Part>,
> {
  readonly name: string;
  readonly parts: P;
  /** Each exposed input maps to one inner input, or several (each receives every data unit). */
  readonly inputs: I;
  readonly outputs: O;
}

/**
 * Defines a composite PE from inner nodes and connections.
 *
 * @example Wrap a two-step pipeline as one PE
 * ```ts
 * import * as W from "./mod.ts";
 * const add = W.pe(W.fn("add", (x: number) => x + 1));
 * const mul = W.pe(W.fn("mul", (x: number) => x * 3));
 * const addMul = W.composite({
 *   name: "addMul",
 *   parts: [W.connect(add.out.output, mul.in.input)],
 *   inputs: { input: add.in.input },
 *   outputs: { output: mul.out.output },
 * });
 * addMul.inputs; // => ["input"]
 * ```
 */
export const composite = <
  // deno-lint-ignore no-explicit-any
  I extends Record<string, InPort<any> | ReadonlyArray<InPort<any>>>,
  // deno-lint-ignore no-explicit-any
  O extends Record<string, OutPort<any>>,
  const P extends ReadonlyArray<Part>,
>(
  spec: CompositeSpec<I, O, P>,
): Pe<{ [K in keyof I]: InType<I[K]> }, { [K in keyof O]: OutType<O[K]> }, ErrorOf<P>> => {
  const connections = (spec.parts as ReadonlyArray<Part>).flat().filter((p): p is Connection =>
    p._tag === "Connection"
  );
  const inputs = Object.fromEntries(
    Object.entries(spec.inputs).map((
      [k, v],
    ) => [k, (Array.isArray(v) ? v : [v]) as ReadonlyArray<InPort<never>>]),
  );
  const nodes = collectNodes([
    ...(spec.parts as ReadonlyArray<Part>),
    ...Object.values(inputs).flat().map((p) => p.node),
    ...Object.values(spec.outputs).map((p) => p.node),
  ]);
  return makePe({
    name: spec.name,
    inputs: Object.keys(spec.inputs),
    outputs: Object.keys(spec.outputs),
    groupings: {},
    body: { _tag: "Composite", nodes, connections, inputs, outputs: spec.outputs },
  });
};
