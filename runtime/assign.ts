/**
 * How many instances each PE runs as. One rule for every target, so that results agree.
 *
 * @module
 */
import type { Graph } from "../ir/graph.ts";
import { roots } from "../ir/topology.ts";

/**
 * Instance counts per node id.
 *
 * Without `processes`, every PE runs once (the original's simple mode). With `processes = N`: an
 * explicit count wins, a root PE otherwise gets one instance (its inputs go round-robin over its
 * instances), and the other PEs share what explicit counts
 * leave of N equally (at least one each). Roots come on top of N; the original takes them out
 * first, so its `-n 2` cannot run a single work PE twice.
 *
 * @example A 4-PE pipeline on 7 processes
 * ```ts
 * import { instanceCounts } from "./assign.ts";
 * import { IR_VERSION, nodeId } from "../ir/graph.ts";
 * const code = { module: "m", workflow: "w", path: [] };
 * const n = (id: string, inputs: string[]) => ({ id: nodeId(id), pe: id, kind: "generic" as const, inputs, outputs: ["output"], code });
 * const e = (a: string, b: string) => ({ from: { node: nodeId(a), port: "output" }, to: { node: nodeId(b), port: "input" }, grouping: { _tag: "Shuffle" as const } });
 * const g = { version: IR_VERSION, name: "w", module: "m", nodes: [n("p", []), n("a", ["input"]), n("b", ["input"]), n("c", ["input"])], edges: [e("p", "a"), e("a", "b"), e("b", "c")] };
 * Object.fromEntries(instanceCounts(g, 7)); // => { p: 1, a: 2, b: 2, c: 2 }
 * Object.fromEntries(instanceCounts(g)); // => { p: 1, a: 1, b: 1, c: 1 }
 * ```
 */
export const instanceCounts = (graph: Graph, processes?: number): Map<string, number> => {
  const counts = new Map<string, number>();
  if (processes === undefined) {
    for (const node of graph.nodes) counts.set(node.id, 1);
    return counts;
  }
  const rootIds = new Set(roots(graph).map((n) => n.id as string));
  const shared = graph.nodes.filter((n) => !rootIds.has(n.id) && n.instances === undefined);
  const fixed = graph.nodes.reduce((sum, n) => sum + (rootIds.has(n.id) ? 0 : n.instances ?? 0), 0);
  const share = shared.length === 0 ? 1 : Math.max(1, Math.floor((processes - fixed) / shared.length));
  for (const node of graph.nodes) {
    counts.set(node.id, node.instances ?? (rootIds.has(node.id) ? 1 : share));
  }
  return counts;
};
