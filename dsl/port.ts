/**
 * Port declarations: a marker carrying the data type of a port at compile time only.
 *
 * @module
 */

/** Declares a port carrying data units of type `A`. */
export interface PortSpec<A> {
  readonly _tag: "PortSpec";
  readonly "~type"?: A;
}

/**
 * Declares a typed port for {@link generic} and producer PEs.
 *
 * @example Two typed inputs
 * ```ts
 * import * as W from "./mod.ts";
 * const inputs = { left: W.port<number>(), right: W.port<string>() };
 * inputs.left._tag; // => "PortSpec"
 * ```
 */
export const port = <A>(): PortSpec<A> => ({ _tag: "PortSpec" });

/** The port map described by a record of port specs. */
export type PortsOf<P> = { [K in keyof P]: P[K] extends PortSpec<infer A> ? A : never };
