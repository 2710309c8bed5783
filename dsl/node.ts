/**
 * Nodes: a PE placed in a workflow under a name, with typed handles for its ports.
 *
 * @module
 */
import type { Pe, Ports } from "./pe.ts";

/** A handle on an output port carrying `A`. */
export interface OutPort<out A> {
  readonly _tag: "OutPort";
  readonly node: PeNode<Ports, Ports>;
  readonly port: string;
  readonly "~type"?: () => A;
}

/** A handle on an input port accepting `A`. */
export interface InPort<in A> {
  readonly _tag: "InPort";
  readonly node: PeNode<Ports, Ports>;
  readonly port: string;
  readonly "~type"?: (a: A) => void;
}

/** A connection from an output port to an input port. */
export interface Connection {
  readonly _tag: "Connection";
  readonly from: OutPort<unknown>;
  readonly to: InPort<never>;
}

/**
 * A PE placed in a workflow. Its `in` and `out` records hold typed port handles. Naming a port the
 * PE does not have fails `deno check`; run unchecked, it gives a handle that compiling the
 * workflow refuses, naming the PE and its ports (an invalid workflow, not a crash at import).
 */
export interface PeNode<In extends Ports, Out extends Ports> {
  readonly _tag: "PeNode";
  readonly name: string;
  readonly def: Pe<In, Out>;
  readonly in: { readonly [K in keyof In & string]: InPort<In[K]> };
  readonly out: { readonly [K in keyof Out & string]: OutPort<Out[K]> };
}

/** Any node, whatever its ports. */
// deno-lint-ignore no-explicit-any
export type AnyNode = PeNode<any, any>;

const handles = <H>(
  ports: ReadonlyArray<string>,
  make: (port: string) => H,
): Record<string, H> =>
  new Proxy(Object.fromEntries(ports.map((p) => [p, make(p)])), {
    get(target, key) {
      if (typeof key === "symbol" || key in target) return target[key as string];
      // Thrown here, the error would end the module's evaluation with a stack trace.
      return make(key);
    },
  });

/**
 * Places a PE in a workflow under a name (default: the PE's name). Names must be unique within a
 * workflow; place the same PE twice under two names to run it twice.
 *
 * @example Place a PE and take its port handles
 * ```ts
 * import * as W from "./mod.ts";
 * const split = W.pe(W.fn("split", (line: string) => line.split(" ")), "split1");
 * split.name; // => "split1"
 * split.out.output.port; // => "output"
 * ```
 */
export const pe = <In extends Ports, Out extends Ports>(def: Pe<In, Out>, name?: string): PeNode<In, Out> => {
  const node = { _tag: "PeNode", name: name ?? def.name, def } as AnyNode & { in: unknown; out: unknown };
  node.in = handles(def.inputs, (port) => ({ _tag: "InPort", node, port }));
  node.out = handles(def.outputs, (port) => ({ _tag: "OutPort", node, port }));
  return node as PeNode<In, Out>;
};
