/**
 * The generic PE: any number of named, typed inputs and outputs, per-instance state, and
 * `setup` / `process` / `flush` hooks (the original's preprocess, process and postprocess).
 *
 * @module
 */
import { checksOf, type Context, instanceFactory, type Setup } from "./context.ts";
import { makePe, type Pe, type Ports } from "./pe.ts";
import type { PortsOf, PortSpec } from "./port.ts";

/** One data unit as a generic PE receives it: the port it arrived on and the data. */
export type Input<In extends Ports> = {
  [K in keyof In & string]: { readonly port: K; readonly data: In[K] };
}[
  keyof In & string
];

/** The definition of a generic PE. */
export interface GenericSpec<
  I extends Record<string, PortSpec<unknown>>,
  O extends Record<string, PortSpec<unknown>>,
  S,
> {
  readonly name: string;
  readonly inputs: I;
  readonly outputs: O;
  readonly state?: () => S;
  readonly setup?: (ctx: Context<PortsOf<O>, S>) => Setup;
  readonly process: (input: Input<PortsOf<I>>, ctx: Context<PortsOf<O>, S>) => void | PromiseLike<void>;
  readonly flush?: (ctx: Context<PortsOf<O>, S>) => void | PromiseLike<void>;
}

/**
 * Defines a generic PE.
 *
 * @example A PE with two inputs that tags each data unit with its port
 * ```ts
 * import * as W from "./mod.ts";
 * const both = W.generic({
 *   name: "both",
 *   inputs: { left: W.port<number>(), right: W.port<number>() },
 *   outputs: { tagged: W.port<string>() },
 *   process: (input, ctx) => { ctx.write("tagged", `${input.port}:${input.data}`); },
 * });
 * both.inputs; // => ["left", "right"]
 * ```
 */
export const generic = <
  I extends Record<string, PortSpec<unknown>>,
  O extends Record<string, PortSpec<unknown>>,
  S = undefined,
>(spec: GenericSpec<I, O, S>): Pe<PortsOf<I>, PortsOf<O>> => {
  const process = spec.process as (
    input: { port: string; data: unknown },
    ctx: Context<PortsOf<O>, S>,
  ) => void;
  return makePe<PortsOf<I>, PortsOf<O>>({
    name: spec.name,
    inputs: Object.keys(spec.inputs) as Array<keyof I & string>,
    outputs: Object.keys(spec.outputs) as Array<keyof O & string>,
    groupings: {},
    body: {
      _tag: "Atomic",
      kind: Object.keys(spec.inputs).length === 0 ? "producer" : "generic",
      make: instanceFactory<PortsOf<O>, S>({
        state: spec.state,
        setup: spec.setup,
        process: (port, data, ctx) => process({ port: port!, data }, ctx),
        flush: spec.flush,
        checks: checksOf(spec.inputs, spec.outputs),
      }),
    },
  });
};
