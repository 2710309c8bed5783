/**
 * Workflows: named sets of nodes and connections. A workflow exported by a module is also the
 * {@link CodeSource} through which any target finds the code of its PEs.
 *
 * @module
 */
import { type CodeSource, CodeSourceId, type PeCode } from "../ir/code.ts";
import type { AnyNode, Connection } from "./node.ts";
import { peCode } from "./pe.ts";
import { collectNodes, type Part } from "./parts.ts";

/** A workflow: nodes, connections and partitions (nodes that parallel targets run in one process). */
export interface Workflow extends CodeSource {
  readonly _tag: "Workflow";
  readonly name: string;
  readonly nodes: ReadonlyArray<AnyNode>;
  readonly connections: ReadonlyArray<Connection>;
  readonly partitions: ReadonlyArray<ReadonlyArray<AnyNode>>;
}

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
export const workflow = (
  name: string,
  parts: ReadonlyArray<Part>,
  options: WorkflowOptions = {},
): Workflow => {
  const nodes = collectNodes(parts);
  return {
    _tag: "Workflow",
    name,
    nodes,
    connections: parts.flat().filter((p): p is Connection => p._tag === "Connection"),
    partitions: options.partitions ?? [],
    [CodeSourceId]: (path) => resolve(nodes, path),
  };
};

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
