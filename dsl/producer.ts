/**
 * Producer PEs: no inputs, one or more outputs. A root producer is called once per iteration
 * (`-i N`) with the iteration number.
 *
 * @module
 */
import { checksOf, type Context, emitResult, instanceFactory, type Setup } from "./context.ts";
import type { OutputOf, Returned } from "./iterative.ts";
import { makePe, type Pe } from "./pe.ts";
import type { PortsOf, PortSpec } from "./port.ts";

/** The definition of a producer with named outputs; what `process` returns goes to `output`. */
export interface ProducerSpec<O extends Record<string, PortSpec<unknown>>, S> {
  readonly name: string;
  readonly outputs: O;
  readonly state?: () => S;
  readonly setup?: (ctx: Context<PortsOf<O>, S>) => Setup;
  readonly process: (
    iteration: number,
    ctx: Context<PortsOf<O>, S>,
  ) => Returned<"output" extends keyof O ? PortsOf<O>["output"] : never>;
  readonly flush?: (ctx: Context<PortsOf<O>, S>) => void | PromiseLike<void>;
}

/**
 * Defines a producer. The short form takes a name and a function of the iteration number whose
 * result (a value, a promise, a generator or an Effect) is written to `output`.
 *
 * @example A counter like the original's TestProducer, and a producer with two outputs
 * ```ts
 * import * as W from "./mod.ts";
 * const counter = W.producer("TestProducer", (i: number) => i + 1);
 * const pair = W.producer({
 *   name: "pair",
 *   outputs: { output0: W.port<number>(), output1: W.port<number>() },
 *   process: (i, ctx) => { ctx.write("output0", i); ctx.write("output1", i); },
 * });
 * pair.outputs; // => ["output0", "output1"]
 * ```
 */
export function producer<R>(
  name: string,
  f: (iteration: number) => R,
): Pe<Record<never, never>, { output: OutputOf<R> }>;
export function producer<O extends Record<string, PortSpec<unknown>>, S = undefined>(
  spec: ProducerSpec<O, S>,
): Pe<Record<never, never>, PortsOf<O>>;
export function producer(
  nameOrSpec: string | ProducerSpec<Record<string, PortSpec<unknown>>, unknown>,
  f?: (iteration: number) => unknown,
  // deno-lint-ignore no-explicit-any
): Pe<Record<never, never>, any> {
  const spec = typeof nameOrSpec === "string"
    ? { name: nameOrSpec, outputs: { output: { _tag: "PortSpec" } }, process: f! } as unknown as ProducerSpec<
      Record<string, PortSpec<unknown>>,
      unknown
    >
    : nameOrSpec;
  const process = spec.process as (
    iteration: number,
    ctx: Context<Record<string, unknown>, unknown>,
  ) => unknown;
  return makePe({
    name: spec.name,
    inputs: [],
    outputs: Object.keys(spec.outputs),
    groupings: {},
    body: {
      _tag: "Atomic",
      kind: "producer",
      make: instanceFactory<Record<string, unknown>, unknown>({
        state: spec.state,
        setup: spec.setup,
        process: (_port, iteration, ctx) => emitResult(process(iteration as number, ctx), ctx, "output"),
        flush: spec.flush,
        checks: checksOf({}, spec.outputs),
      }),
    },
  });
}
