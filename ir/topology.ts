/**
 * Graph queries every target needs: roots and topological order.
 *
 * @module
 */
import type { Graph, Node } from "./graph.ts";

/**
 * Nodes in topological order (declaration order among independent nodes). Assumes a valid, acyclic graph.
 *
 * @example
 * ```ts
 * import { topologicalOrder } from "./topology.ts";
 * import { IR_VERSION, nodeId } from "./graph.ts";
 * const code = { module: "m", workflow: "w", path: [] };
 * const n = (id: string) => ({ id: nodeId(id), pe: id, kind: "generic" as const, inputs: ["input"], outputs: ["output"], code });
 * const g = { version: IR_VERSION, name: "w", module: "m", nodes: [n("b"), n("a")],
 *   edges: [{ from: { node: nodeId("a"), port: "output" }, to: { node: nodeId("b"), port: "input" }, grouping: { _tag: "Shuffle" as const } }] };
 * topologicalOrder(g).map((x) => x.id); // => ["a", "b"]
 * ```
 */
export const topologicalOrder = (graph: Graph): Array<Node> => {
  const indegree = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  for (const e of graph.edges) indegree.set(e.to.node, indegree.get(e.to.node)! + 1);
  const byId = new Map(graph.nodes.map((n) => [n.id as string, n]));
  const order: Array<Node> = [];
  const ready = graph.nodes.filter((n) => indegree.get(n.id) === 0);
  while (ready.length > 0) {
    const node = ready.shift()!;
    order.push(node);
    for (const e of graph.edges) {
      if (e.from.node !== node.id) continue;
      const left = indegree.get(e.to.node)! - 1;
      indegree.set(e.to.node, left);
      if (left === 0) ready.push(byId.get(e.to.node)!);
    }
  }
  return order;
};

/**
 * Root nodes: those with no connected input. They are fed by iterations or by run inputs.
 *
 * @example
 * ```ts
 * import { roots } from "./topology.ts";
 * import { IR_VERSION } from "./graph.ts";
 * roots({ version: IR_VERSION, name: "w", module: "m", nodes: [], edges: [] }); // => []
 * ```
 */
export const roots = (graph: Graph): Array<Node> => {
  const fed = new Set(graph.edges.map((e) => e.to.node as string));
  return graph.nodes.filter((n) => !fed.has(n.id));
};
