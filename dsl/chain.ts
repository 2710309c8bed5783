/**
 * Chains: a pipeline of functions or iterative PEs packaged as one composite PE (the original's
 * `create_iterative_chain`).
 *
 * @module
 */
import { composite } from "./composite.ts";
import { fn, type OutputOf } from "./iterative.ts";
import { connect } from "./connect.ts";
import { type AnyNode, pe } from "./node.ts";
import type { Pe } from "./pe.ts";

type Step<A, B> = ((data: A) => B) | Pe<{ input: A }, { output: B }>;
type O<R> = R extends Pe<infer _I, { output: infer B }> ? B : OutputOf<R>;

/**
 * Builds a composite PE that runs each step on the output of the previous one. A step is a
 * function (wrapped with {@link fn}, named `PE_<function name>`) or a PE with ports `input` and
 * `output`. The types of neighbouring steps must fit.
 *
 * @example ((x + 2) * 4) / 2 - 1
 * ```ts
 * import * as W from "./mod.ts";
 * const calc = W.chain("calc", [
 *   function addTwo(x: number) { return x + 2; },
 *   function multiplyByFour(x: number) { return x * 4; },
 *   function divideByTwo(x: number) { return x / 2; },
 *   W.fn("PE_subtract", (x: number) => x - 1),
 * ]);
 * calc.outputs; // => ["output"]
 * ```
 */
export function chain<A, B>(
  name: string,
  steps: readonly [Step<A, B>],
): Pe<{ input: A }, { output: O<B> }, never>;
export function chain<A, B, C>(
  name: string,
  steps: readonly [Step<A, B>, Step<O<B>, C>],
): Pe<{ input: A }, { output: O<C> }, never>;
export function chain<A, B, C, D>(
  name: string,
  steps: readonly [Step<A, B>, Step<O<B>, C>, Step<O<C>, D>],
): Pe<{ input: A }, { output: O<D> }, never>;
export function chain<A, B, C, D, E>(
  name: string,
  steps: readonly [Step<A, B>, Step<O<B>, C>, Step<O<C>, D>, Step<O<D>, E>],
): Pe<{ input: A }, { output: O<E> }, never>;
export function chain<A, B, C, D, E, F>(
  name: string,
  steps: readonly [Step<A, B>, Step<O<B>, C>, Step<O<C>, D>, Step<O<D>, E>, Step<O<E>, F>],
): Pe<{ input: A }, { output: O<F> }, never>;
export function chain<A, B, C, D, E, F, G>(
  name: string,
  steps: readonly [Step<A, B>, Step<O<B>, C>, Step<O<C>, D>, Step<O<D>, E>, Step<O<E>, F>, Step<O<F>, G>],
): Pe<{ input: A }, { output: O<G> }, never>;
export function chain(
  name: string,
  steps: ReadonlyArray<Step<unknown, unknown>>,
): Pe<{ input: unknown }, { output: unknown }, never> {
  if (steps.length === 0) throw new RangeError(`Chain "${name}" needs at least one step`);
  const used = new Map<string, number>();
  const nodes: Array<AnyNode> = steps.map((step) => {
    const def = typeof step === "function" ? fn(step) : step;
    const count = used.get(def.name) ?? 0;
    used.set(def.name, count + 1);
    return pe(def, count === 0 ? def.name : `${def.name}${count}`);
  });
  return composite({
    name,
    parts: nodes.slice(1).map((node, i) => connect(nodes[i].out.output, node.in.input)),
    inputs: { input: nodes[0].in.input },
    outputs: { output: nodes[nodes.length - 1].out.output },
  }) as Pe<{ input: unknown }, { output: unknown }, never>;
}
