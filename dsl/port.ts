/**
 * Port declarations: the data type of a port at compile time, and optionally an Effect Schema
 * that states the type and, where asked, checks the data units at run time.
 *
 * @module
 */
import type * as Schema from "effect/Schema";

/** Declares a port carrying data units of type `A`. */
export interface PortSpec<A> {
  readonly _tag: "PortSpec";
  readonly "~type"?: A;
  /** The Schema the type comes from, when the port was declared with one. */
  readonly schema?: Schema.Top;
  /** Whether data units on the port are checked against `schema` as they are written or read. */
  readonly validate?: boolean;
}

/** Options of a port declared with a Schema. */
export interface PortOptions {
  /**
   * Check every data unit against the Schema: one written to an output that does not match fails
   * the PE on the data unit it was handling, as does one arriving on an input. Off by default:
   * the check costs a Schema validation per data unit.
   */
  readonly validate?: boolean;
}

/**
 * Declares a typed port for generic, iterative and producer PEs: by a type argument, or by an
 * Effect Schema, whose `Type` the port carries and which can check the data units at run time.
 *
 * @example Two typed inputs
 * ```ts
 * import * as W from "./mod.ts";
 * const inputs = { left: W.port<number>(), right: W.port<string>() };
 * inputs.left._tag; // => "PortSpec"
 * ```
 *
 * @example An output declared by a Schema, checked as the PE writes
 * ```ts
 * import * as Schema from "effect/Schema";
 * import * as W from "./mod.ts";
 * const Pair = Schema.Tuple([Schema.String, Schema.Number]);
 * const count = W.iterative({
 *   name: "count",
 *   output: W.port(Pair, { validate: true }),
 *   state: () => new Map<string, number>(),
 *   process: (word: string, ctx) => { ctx.state.set(word, (ctx.state.get(word) ?? 0) + 1); },
 *   flush: (ctx) => { for (const pair of ctx.state) ctx.write("output", pair); },
 * });
 * count.outputs; // => ["output"]
 * ```
 */
export function port<A>(): PortSpec<A>;
export function port<S extends Schema.Top>(schema: S, options?: PortOptions): PortSpec<S["Type"]>;
export function port(schema?: Schema.Top, options: PortOptions = {}): PortSpec<unknown> {
  return schema === undefined
    ? { _tag: "PortSpec" }
    : { _tag: "PortSpec", schema, validate: options.validate === true };
}

/** The port map described by a record of port specs. */
export type PortsOf<P> = { [K in keyof P]: P[K] extends PortSpec<infer A> ? A : never };

/** The ports of a record of specs that check their data units, with their Schemas. */
export const checkedPorts = (
  specs: Readonly<Record<string, PortSpec<unknown>>> | undefined,
): Record<string, Schema.Top> | undefined => {
  const out: Record<string, Schema.Top> = {};
  let any = false;
  for (const [name, spec] of Object.entries(specs ?? {})) {
    if (spec.validate && spec.schema !== undefined) {
      out[name] = spec.schema;
      any = true;
    }
  }
  return any ? out : undefined;
};
