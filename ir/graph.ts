/**
 * The graph IR: plain, versioned, JSON-serialisable data describing a flattened workflow.
 *
 * The IR is the one seam between the DSL and the targets: a target reads a {@link Graph} and the
 * workflow module it names, never DSL values. User code is referenced ({@link CodeRef}), never held.
 *
 * @module
 */
import type { Grouping } from "./grouping.ts";

/** The IR version this library writes and reads. */
export const IR_VERSION = 1 as const;

/**
 * A node id: unique within one graph. Composite members get `outer/inner` ids when flattened.
 *
 * @example Brand a string as a node id
 * ```ts
 * import { nodeId } from "./graph.ts";
 * const id = nodeId("count"); // => "count"
 * ```
 */
export type NodeId = string & { readonly NodeId: unique symbol };

/**
 * Brands a string as a {@link NodeId}.
 *
 * @example Use an id to look a node up
 * ```ts
 * import { nodeId } from "./graph.ts";
 * import assert from "node:assert/strict";
 * assert.equal(nodeId("read"), "read");
 * ```
 */
export const nodeId = (id: string): NodeId => id as NodeId;

/** The kinds of processing element a node can be. Composites are flattened away before the IR. */
export type PeKind = "generic" | "iterative" | "producer" | "consumer" | "function" | "stream";

/**
 * Where a node's code lives: the workflow module, the workflow's name inside it, and the path of
 * PE names from the workflow down through composites to the PE.
 */
export interface CodeRef {
  readonly module: string;
  readonly workflow: string;
  readonly path: ReadonlyArray<string>;
}

/** A node of the graph: one PE, run as `instances` copies (absent: the target decides). */
export interface Node {
  readonly id: NodeId;
  /** The PE's own name (the original's class name), shared by every node made from the same PE. */
  readonly pe: string;
  readonly kind: PeKind;
  readonly inputs: ReadonlyArray<string>;
  readonly outputs: ReadonlyArray<string>;
  readonly instances?: number;
  /** Nodes with the same partition must run in one process on parallel targets. */
  readonly partition?: string;
  readonly code: CodeRef;
}

/** One end of an edge. */
export interface Endpoint {
  readonly node: NodeId;
  readonly port: string;
}

/** A connection from an output port to an input port; the grouping decides which instance receives. */
export interface Edge {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly grouping: Grouping;
}

/**
 * A whole workflow, flattened: nodes in declaration order and edges.
 *
 * @example A two-node graph as data
 * ```ts
 * import { IR_VERSION, nodeId, type Graph } from "./graph.ts";
 * const code = (path: string[]) => ({ module: "file:///wf.ts", workflow: "wf", path });
 * const graph: Graph = {
 *   version: IR_VERSION,
 *   name: "wf",
 *   module: "file:///wf.ts",
 *   nodes: [
 *     { id: nodeId("p"), pe: "p", kind: "producer", inputs: [], outputs: ["output"], code: code(["p"]) },
 *     { id: nodeId("c"), pe: "c", kind: "consumer", inputs: ["input"], outputs: [], code: code(["c"]) },
 *   ],
 *   edges: [{ from: { node: nodeId("p"), port: "output" }, to: { node: nodeId("c"), port: "input" }, grouping: { _tag: "Shuffle" } }],
 * };
 * ```
 */
export interface Graph {
  readonly version: typeof IR_VERSION;
  readonly name: string;
  readonly module: string;
  readonly nodes: ReadonlyArray<Node>;
  readonly edges: ReadonlyArray<Edge>;
}
