/**
 * How many instances each PE runs as. One rule for every target, so that results agree.
 *
 * @module
 */
import type { Graph, Node } from "../ir/graph.ts";
import { roots } from "../ir/topology.ts";

/**
 * Nodes with inputs that all arrive `allToOne`: every data unit goes to instance 0, so further
 * instances would only run their hooks on nothing (a counter's flush writing 0s).
 */
export const allToOneOnly = (graph: Graph): Set<string> => {
  const incoming = new Map<string, Array<string>>();
  for (const e of graph.edges) incoming.set(e.to.node, [...incoming.get(e.to.node) ?? [], e.grouping._tag]);
  return new Set([...incoming].filter(([, tags]) => tags.every((t) => t === "AllToOne")).map(([id]) => id));
};

/**
 * Instance counts per node id.
 *
 * Without `processes`, every PE runs once (the original's simple mode). With `processes = N`: an
 * explicit count wins, a root PE otherwise gets one instance (its inputs go round-robin over its
 * instances), and so does a PE whose inputs are all `allToOne`; the other PEs share what those
 * leave of N equally (at least one each). Roots come on top of N; the original takes them out
 * first, so its `-n 2` cannot run a single work PE twice.
 *
 * @example A 4-PE pipeline on 7 processes, and with its last PE fed allToOne
 * ```ts
 * import { instanceCounts } from "./assign.ts";
 * import { IR_VERSION, nodeId } from "../ir/graph.ts";
 * import type { Grouping } from "../ir/grouping.ts";
 * const code = { module: "m", workflow: "w", path: [] };
 * const n = (id: string, inputs: string[]) => ({ id: nodeId(id), pe: id, kind: "generic" as const, inputs, outputs: ["output"], code });
 * const e = (a: string, b: string, grouping: Grouping = { _tag: "Shuffle" }) => ({ from: { node: nodeId(a), port: "output" }, to: { node: nodeId(b), port: "input" }, grouping });
 * const nodes = [n("p", []), n("a", ["input"]), n("b", ["input"]), n("c", ["input"])];
 * const g = { version: IR_VERSION, name: "w", module: "m", nodes, edges: [e("p", "a"), e("a", "b"), e("b", "c")] };
 * Object.fromEntries(instanceCounts(g, 7)); // => { p: 1, a: 2, b: 2, c: 2 }
 * Object.fromEntries(instanceCounts(g)); // => { p: 1, a: 1, b: 1, c: 1 }
 * const total = { ...g, edges: [e("p", "a"), e("a", "b"), e("b", "c", { _tag: "AllToOne" })] };
 * Object.fromEntries(instanceCounts(total, 7)); // => { p: 1, a: 3, b: 3, c: 1 }
 * ```
 */
export const instanceCounts = (graph: Graph, processes?: number): Map<string, number> => {
  const counts = new Map<string, number>();
  if (processes === undefined) {
    for (const node of graph.nodes) counts.set(node.id, 1);
    return counts;
  }
  const rootIds = new Set(roots(graph).map((n) => n.id as string));
  const single = allToOneOnly(graph);
  const fixedCount = (n: Node) => n.instances ?? (single.has(n.id) ? 1 : undefined);
  const shared = graph.nodes.filter((n) => !rootIds.has(n.id) && fixedCount(n) === undefined);
  const fixed = graph.nodes.reduce((sum, n) => sum + (rootIds.has(n.id) ? 0 : fixedCount(n) ?? 0), 0);
  const share = shared.length === 0 ? 1 : Math.max(1, Math.floor((processes - fixed) / shared.length));
  for (const node of graph.nodes) {
    counts.set(node.id, fixedCount(node) ?? (rootIds.has(node.id) ? 1 : share));
  }
  return counts;
};
