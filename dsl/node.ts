/**
 * Nodes: a PE placed in a workflow under a name, with typed handles for its ports.
 *
 * @module
 */
import type { Pe, Ports } from "./pe.ts";

/** A handle on an output port carrying `A`. */
// deno-lint-ignore no-explicit-any
export interface OutPort<out A, out E = any> {
  readonly _tag: "OutPort";
  readonly node: PeNode<Ports, Ports>;
  readonly port: string;
  readonly "~type"?: () => A;
  /** The errors of the port's PE, carried to the connections and the workflow. */
  readonly "~error"?: () => E;
}

/** A handle on an input port accepting `A`. */
// deno-lint-ignore no-explicit-any
export interface InPort<in A, out E = any> {
  readonly _tag: "InPort";
  readonly node: PeNode<Ports, Ports>;
  readonly port: string;
  readonly "~type"?: (a: A) => void;
  readonly "~error"?: () => E;
}

/** A connection from an output port to an input port. */
// deno-lint-ignore no-explicit-any
export interface Connection<out E = any> {
  readonly _tag: "Connection";
  readonly from: OutPort<unknown>;
  readonly to: InPort<never>;
  /** The errors of the PEs it joins. */
  readonly "~error"?: () => E;
}

/**
 * A PE placed in a workflow. Its `in` and `out` records hold typed port handles. Naming a port the
 * PE does not have fails `deno check`; run unchecked, it gives a handle that compiling the
 * workflow refuses, naming the PE and its ports (an invalid workflow, not a crash at import).
 */
// deno-lint-ignore no-explicit-any
export interface PeNode<In extends Ports, Out extends Ports, E = any> {
  readonly _tag: "PeNode";
  readonly name: string;
  readonly def: Pe<In, Out, E>;
  readonly in: { readonly [K in keyof In & string]: InPort<In[K], E> };
  readonly out: { readonly [K in keyof Out & string]: OutPort<Out[K], E> };
}

/** Any node, whatever its ports. */
// deno-lint-ignore no-explicit-any
export type AnyNode = PeNode<any, any, any>;

/**
 * What port handles share: their JSON and inspected forms name the node instead of holding it, so
 * that printing a handle or a node does not print (or, for JSON, loop through) the whole node.
 */
const HandleProto = {
  toJSON(this: OutPort<unknown> | InPort<never>) {
    return { _tag: this._tag, node: this.node.name, port: this.port };
  },
  [Symbol.for("nodejs.util.inspect.custom")](
    this: { toJSON(): unknown },
    _depth: number,
    options: unknown,
    inspect: (value: unknown, options: unknown) => string,
  ): string {
    return inspect(this.toJSON(), options);
  },
};

/**
 * Property names that the platform and common tools look up on any object (promise resolution,
 * `JSON.stringify`, test matchers, module interop): reading one must not invent a port.
 */
const PROBED = new Set([
  "then",
  "toJSON",
  "inspect",
  "asymmetricMatch",
  "$$typeof",
  "nodeType",
  "__esModule",
]);

const handle = (_tag: "InPort" | "OutPort", node: AnyNode, port: string) =>
  Object.assign(Object.create(HandleProto), { _tag, node, port });

const handles = <H>(
  ports: ReadonlyArray<string>,
  make: (port: string) => H,
): Record<string, H> =>
  new Proxy(Object.fromEntries(ports.map((p) => [p, make(p)])), {
    get(target, key, receiver) {
      if (typeof key === "symbol" || key in target || PROBED.has(key)) {
        return Reflect.get(target, key, receiver);
      }
      // A port the PE does not have: a handle that compiling the workflow refuses, naming the PE and
      // its ports. Thrown here, the error would end the module's evaluation with a stack trace.
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
 * JSON.stringify(split.out); // => '{"output":{"_tag":"OutPort","node":"split1","port":"output"}}'
 * ```
 */
export const pe = <In extends Ports, Out extends Ports, E>(
  def: Pe<In, Out, E>,
  name?: string,
): PeNode<In, Out, E> => {
  const node = { _tag: "PeNode", name: name ?? def.name, def } as AnyNode & { in: unknown; out: unknown };
  node.in = handles(def.inputs, (port) => handle("InPort", node, port));
  node.out = handles(def.outputs, (port) => handle("OutPort", node, port));
  return node as PeNode<In, Out, E>;
};
