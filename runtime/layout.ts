/**
 * The instance layout of a run: every PE instance gets a global id, and every instance knows how
 * many upstream instances must end before it may flush, and which instances it must tell when it
 * ends. One layout serves every target, so termination works the same everywhere.
 *
 * @module
 */
import type { Graph, Node } from "../ir/graph.ts";

/** Global ids, port numbers and end-of-stream fan-in/fan-out of a graph's instances. */
export interface Layout {
  readonly nodes: ReadonlyArray<Node>;
  /** Node index by node id. */
  readonly index: ReadonlyMap<string, number>;
  /** Instance count per node index. */
  readonly counts: ReadonlyArray<number>;
  /** Global id of instance 0 of each node; instance k has `offsets[node] + k`. */
  readonly offsets: ReadonlyArray<number>;
  /** Number of instances in all. */
  readonly total: number;
  /** How many end-of-stream signals an instance of each node waits for: its upstream instances. */
  readonly upstream: ReadonlyArray<number>;
  /** The distinct downstream node indexes of each node. */
  readonly downstream: ReadonlyArray<ReadonlyArray<number>>;
}

/**
 * Builds the layout of a graph for given instance counts.
 *
 * @example Fan-in: `c` waits for the 1 + 2 instances of `a` and `b`
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { layout } from "./layout.ts";
 * const a = W.pe(W.producer("a", (i: number) => i));
 * const b = W.pe(W.producer("b", (i: number) => i));
 * const c = W.pe(W.fn("c", (x: number) => x));
 * const g = W.compile(W.workflow("w", W.merge([a.out.output, b.out.output], c.in.input)), "m");
 * const l = layout(g, new Map([["a", 1], ["b", 2], ["c", 2]]));
 * g.nodes.map((n) => n.id); // => ["a", "c", "b"]
 * l.upstream; // => [0, 3, 0]
 * l.offsets; // => [0, 1, 3]
 * ```
 */
export const layout = (graph: Graph, counts: ReadonlyMap<string, number>): Layout => {
  const nodes = graph.nodes;
  const index = new Map(nodes.map((n, i) => [n.id as string, i]));
  const c = nodes.map((n) => counts.get(n.id) ?? 1);
  const offsets: Array<number> = [];
  let total = 0;
  for (const n of c) {
    offsets.push(total);
    total += n;
  }
  const down = nodes.map(() => new Set<number>());
  const up = nodes.map(() => new Set<number>());
  for (const e of graph.edges) {
    const from = index.get(e.from.node)!;
    const to = index.get(e.to.node)!;
    down[from].add(to);
    up[to].add(from);
  }
  return {
    nodes,
    index,
    counts: c,
    offsets,
    total,
    upstream: up.map((s) => [...s].reduce((sum, u) => sum + c[u], 0)),
    downstream: down.map((s) => [...s]),
  };
};

/**
 * The node index of a global instance id.
 *
 * @example
 * ```ts
 * import { nodeOf } from "./layout.ts";
 * nodeOf({ offsets: [0, 1, 3] }, 2); // => 1
 * ```
 */
export const nodeOf = (l: Pick<Layout, "offsets">, gid: number): number => {
  let n = 0;
  while (n + 1 < l.offsets.length && l.offsets[n + 1] <= gid) n++;
  return n;
};
