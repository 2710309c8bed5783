/**
 * The PE value: a processing element's ports, groupings, instance count and body. PE values are
 * immutable and pipeable; the constructors in this folder build them.
 *
 * @module
 */
import type { PeCode, PeInstance } from "../ir/code.ts";
import type { PeKind } from "../ir/graph.ts";
import type { Grouping } from "../ir/grouping.ts";
import { type Pipeable, pipeArguments } from "effect/Pipeable";
import type { Connection, InPort, OutPort, PeNode } from "./node.ts";

/** Port maps: port name to the type of the data units it carries. */
export type Ports = Record<string, unknown>;

/** A grouping as declared in the DSL: its IR form, plus the key function when it has one. */
export interface InputGrouping {
  readonly grouping: Grouping;
  readonly key?: (data: unknown) => unknown;
}

/** A PE whose code runs as instances. */
export interface AtomicBody {
  readonly _tag: "Atomic";
  readonly kind: PeKind;
  readonly make: () => PeInstance;
}

/** A PE made of a sub-workflow, flattened away when the workflow compiles. */
export interface CompositeBody {
  readonly _tag: "Composite";
  readonly nodes: ReadonlyArray<PeNode<Ports, Ports>>;
  readonly connections: ReadonlyArray<Connection>;
  readonly inputs: Readonly<Record<string, ReadonlyArray<InPort<never>>>>;
  readonly outputs: Readonly<Record<string, OutPort<unknown>>>;
}

/**
 * A processing element with typed input ports `In` and output ports `Out`, failing with errors
 * of type `E` (an Effect PE's typed errors; `any` where not tracked).
 *
 * @example Build a PE and inspect its ports
 * ```ts
 * import * as W from "./mod.ts";
 * const double = W.fn("double", (x: number) => x * 2);
 * double.inputs; // => ["input"]
 * double.outputs; // => ["output"]
 * ```
 */
// deno-lint-ignore no-explicit-any
export interface Pe<In extends Ports, Out extends Ports, E = any> extends Pipeable {
  readonly _tag: "Pe";
  readonly "~types"?: { readonly in: (_: In) => void; readonly out: () => Out; readonly error: () => E };
  readonly name: string;
  readonly inputs: ReadonlyArray<keyof In & string>;
  readonly outputs: ReadonlyArray<keyof Out & string>;
  readonly groupings: Readonly<Record<string, InputGrouping>>;
  readonly instances?: number;
  readonly body: AtomicBody | CompositeBody;
}

/** Any PE, whatever its ports. */
// deno-lint-ignore no-explicit-any
export type AnyPe = Pe<any, any, any>;

const PeProto: Pipeable = {
  pipe(...args: Array<unknown>) {
    return pipeArguments(this, args as unknown as IArguments);
  },
} as Pipeable;

/** Builds a PE value; the constructors in this folder are the only callers. */
export const makePe = <In extends Ports, Out extends Ports, E = never>(
  fields: Omit<Pe<In, Out, E>, "pipe" | "_tag">,
): Pe<In, Out, E> => Object.assign(Object.create(PeProto), { _tag: "Pe", ...fields });

/** A copy of a PE with some fields changed. */
export const modifyPe = <In extends Ports, Out extends Ports, E>(
  self: Pe<In, Out, E>,
  change: Partial<Omit<Pe<In, Out, E>, "pipe" | "_tag">>,
): Pe<In, Out, E> => makePe<In, Out, E>({ ...self, ...change });

/** The code view of an atomic PE, as the runtime sees it. */
export const peCode = (pe: AnyPe): PeCode | undefined =>
  pe.body._tag === "Atomic" ? { make: pe.body.make, groupKey: (port) => pe.groupings[port]?.key } : undefined;
