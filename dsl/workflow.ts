/**
 * Workflows: named sets of nodes and connections. A workflow exported by a module is also the
 * {@link CodeSource} through which any target finds the code of its PEs.
 *
 * @module
 */
import type * as Layer from "effect/Layer";
import { type Pipeable, pipeArguments } from "effect/Pipeable";
import { type CodeSource, CodeSourceId, type PeCode } from "../ir/code.ts";
import { openLayer } from "./services.ts";
import type { AnyNode, Connection } from "./node.ts";
import { peCode } from "./pe.ts";
import { collectNodes, type ErrorOf, type Part } from "./parts.ts";

/** A workflow: nodes, connections and partitions (nodes that parallel targets run in one process). */
// deno-lint-ignore no-explicit-any
export interface Workflow<out E = any> extends CodeSource, Pipeable {
  readonly _tag: "Workflow";
  /** The errors its PEs may fail with (their typed Effect errors), which a run can fail with. */
  readonly "~error"?: () => E;
  readonly name: string;
  readonly nodes: ReadonlyArray<AnyNode>;
  readonly connections: ReadonlyArray<Connection>;
  readonly partitions: ReadonlyArray<ReadonlyArray<AnyNode>>;
  /** The Layer that provides what its Effect PEs require (see {@link provide}). */
  readonly layer?: Layer.Layer<unknown, unknown, never>;
}

const WorkflowProto: Pipeable = {
  pipe(...args: Array<unknown>) {
    return pipeArguments(this, args as unknown as IArguments);
  },
} as Pipeable;

/** Options of {@link workflow}. */
export interface WorkflowOptions {
  /** Groups of nodes a parallel target must run together in one process. */
  readonly partitions?: ReadonlyArray<ReadonlyArray<AnyNode>>;
}

const resolve = (nodes: ReadonlyArray<AnyNode>, path: ReadonlyArray<string>): PeCode | undefined => {
  const node = nodes.find((n) => n.name === path[0]);
  if (node === undefined) return undefined;
  if (path.length === 1) return peCode(node.def);
  return node.def.body._tag === "Composite" ? resolve(node.def.body.nodes, path.slice(1)) : undefined;
};

/**
 * Builds a workflow from nodes and connections. Nodes named by a connection are included; list a
 * node on its own to include an unconnected one.
 *
 * @example A producer feeding a function PE
 * ```ts
 * import * as W from "./mod.ts";
 * const numbers = W.pe(W.producer("numbers", (i: number) => i));
 * const square = W.pe(W.fn("square", (x: number) => x * x));
 * export const squares = W.workflow("squares", [W.connect(numbers.out.output, square.in.input)]);
 * squares.nodes.map((n) => n.name); // => ["numbers", "square"]
 * ```
 */
export const workflow = <const P extends ReadonlyArray<Part>>(
  name: string,
  parts: P,
  options: WorkflowOptions = {},
): Workflow<ErrorOf<P>> => {
  const nodes = collectNodes(parts as ReadonlyArray<Part>);
  return Object.assign(Object.create(WorkflowProto), {
    _tag: "Workflow",
    name,
    nodes,
    connections: (parts as ReadonlyArray<Part>).flat().filter((p): p is Connection =>
      p._tag === "Connection"
    ),
    partitions: options.partitions ?? [],
    [CodeSourceId]: (path: ReadonlyArray<string>) => resolve(nodes, path),
  });
};

/**
 * Gives a workflow the Layer that provides the services its Effect PEs require. Every process
 * that hosts its instances builds the Layer once for the run (lazily, on the first Effect that
 * needs it) and releases it after the last flush, also when the run fails.
 *
 * @example A Stream PE that uses a stop-word service
 * ```ts
 * import * as Context from "effect/Context";
 * import * as Layer from "effect/Layer";
 * import * as Stream from "effect/Stream";
 * import * as W from "../mod.ts";
 * class StopWords extends Context.Service<StopWords, { readonly words: ReadonlySet<string> }>()("StopWords") {}
 * const keep = W.stream("keep", (words: Stream.Stream<string>) =>
 *   words.pipe(Stream.filterEffect((w) => StopWords.useSync((stop) => !stop.words.has(w)))));
 * const words = W.pe(W.producer("words", function* (_i: number) { yield* ["the", "cat", "and", "hat"]; }));
 * const wf = W.workflow("keep", [W.connect(words.out.output, W.pe(keep).in.input)]).pipe(
 *   W.provide(Layer.succeed(StopWords, { words: new Set(["the", "and"]) })),
 * );
 * (await W.collect(wf)).map((r) => r.data); // => ["cat", "hat"]
 * ```
 */
export const provide =
  <ROut, LE>(layer: Layer.Layer<ROut, LE, never>) => <E>(self: Workflow<E>): Workflow<E> =>
    Object.assign(Object.create(WorkflowProto), {
      ...self,
      layer,
      services: () => openLayer(layer),
    });

/**
 * Tells whether a value is a workflow.
 *
 * @example
 * ```ts
 * import * as W from "./mod.ts";
 * W.isWorkflow(W.workflow("empty", [])); // => true
 * ```
 */
export const isWorkflow = (u: unknown): u is Workflow =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "Workflow";
