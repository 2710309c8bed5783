/**
 * Placement: which process hosts each PE instance on a parallel target. Shared by every target
 * that runs processes (workers, MPI ranks, executors).
 *
 * Units are placed whole: a partition (all instances of its PEs) or one instance. When there are
 * no more units than processes, each unit gets its own. Otherwise units are packed: in
 * topological order, cut into contiguous runs of about equal weight (a root instance weighs a
 * quarter, being a cheap source, any other instance one). Contiguous runs of a topological order
 * keep the process graph acyclic, so bounded queues between processes cannot deadlock.
 *
 * @module
 */
import type { Graph } from "../ir/graph.ts";
import { topologicalOrder } from "../ir/topology.ts";
import type { Layout } from "./layout.ts";

/** Which process hosts each instance, by global id. */
export interface Placement {
  readonly processes: number;
  readonly processOf: ReadonlyArray<number>;
}

/**
 * Places a graph's instances on at most `n` processes.
 *
 * @example A producer and a PE with 2 instances on 2 processes: the producer shares one
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { layout } from "./layout.ts";
 * import { place } from "./placement.ts";
 * const p = W.pe(W.producer("p", (i: number) => i));
 * const f = W.pe(W.fn("f", (x: number) => x).pipe(W.instances(2)));
 * const g = W.compile(W.workflow("w", [W.connect(p.out.output, f.in.input)]), "m");
 * place(g, layout(g, new Map([["p", 1], ["f", 2]])), 2); // => { processes: 2, processOf: [0, 0, 1] }
 * ```
 */
export const place = (graph: Graph, l: Layout, n: number): Placement => {
  const units: Array<{ gids: Array<number>; weight: number }> = [];
  const partitions = new Map<string, { gids: Array<number>; weight: number }>();
  for (const node of topologicalOrder(graph)) {
    const i = l.index.get(node.id)!;
    const weight = l.upstream[i] === 0 ? 0.25 : 1;
    for (let k = 0; k < l.counts[i]; k++) {
      const gid = l.offsets[i] + k;
      if (node.partition === undefined) {
        units.push({ gids: [gid], weight });
        continue;
      }
      let unit = partitions.get(node.partition);
      if (unit === undefined) {
        unit = { gids: [], weight: 0 };
        partitions.set(node.partition, unit);
        units.push(unit);
      }
      unit.gids.push(gid);
      unit.weight += weight;
    }
  }
  const processOf = new Array<number>(l.total);
  if (units.length <= n) {
    units.forEach((u, w) => u.gids.forEach((g) => (processOf[g] = w)));
    return { processes: units.length, processOf };
  }
  const total = units.reduce((s, u) => s + u.weight, 0);
  let before = 0;
  let used = 0;
  for (const u of units) {
    const w = Math.min(n - 1, Math.floor(((before + u.weight / 2) * n) / total));
    u.gids.forEach((g) => (processOf[g] = w));
    used = Math.max(used, w + 1);
    before += u.weight;
  }
  return { processes: used, processOf };
};

/**
 * Which processes must not block on each other: `cyclic[a][b]` is true when process b can
 * reach process a, so a bounded queue from a to b could deadlock.
 *
 * @example
 * ```ts
 * import { cyclicChannels } from "./placement.ts";
 * cyclicChannels(2, [[0, 1], [1, 0]]); // => [[false, true], [true, false]]
 * // One link, 0 -> 1: only a queue back from 1 to 0 could close a cycle.
 * cyclicChannels(2, [[0, 1]]); // => [[false, false], [true, false]]
 * ```
 */
export const cyclicChannels = (
  processes: number,
  links: ReadonlyArray<readonly [number, number]>,
): Array<Array<boolean>> => {
  const next = Array.from({ length: processes }, () => new Set<number>());
  for (const [a, b] of links) if (a !== b) next[a].add(b);
  const reach = Array.from({ length: processes }, (_, s) => {
    const seen = new Set<number>([s]);
    const todo = [s];
    while (todo.length > 0) for (const t of next[todo.pop()!]) if (!seen.has(t)) seen.add(t), todo.push(t);
    return seen;
  });
  return Array.from(
    { length: processes },
    (_, a) => Array.from({ length: processes }, (_, b) => a !== b && reach[b].has(a)),
  );
};

/** The process-to-process links a placement implies: one per pair that some edge connects. */
export const links = (graph: Graph, l: Layout, placement: Placement): Array<[number, number]> => {
  // The processes of each node, then pairs of those: linear in instances, whatever -n is.
  const processesOf = l.counts.map((count, n) =>
    new Set(Array.from({ length: count }, (_, k) => placement.processOf[l.offsets[n] + k]))
  );
  const out = new Map<string, [number, number]>();
  for (const e of graph.edges) {
    for (const pa of processesOf[l.index.get(e.from.node)!]) {
      for (const pb of processesOf[l.index.get(e.to.node)!]) {
        if (pa !== pb) out.set(`${pa},${pb}`, [pa, pb]);
      }
    }
  }
  return [...out.values()];
};

/**
 * One line per process naming the instances it hosts, as `--verbose` prints it.
 *
 * @example
 * ```ts
 * import { describePlacement } from "./placement.ts";
 * const l = { nodes: [{ id: "p" }, { id: "f" }], counts: [1, 2], offsets: [0, 1], total: 3 } as never;
 * describePlacement(l, { processes: 2, processOf: [0, 0, 1] }); // => ["process 0: p, f[0]", "process 1: f[1]"]
 * ```
 */
export const describePlacement = (l: Layout, placement: Placement, noun = "process"): Array<string> =>
  Array.from({ length: placement.processes }, (_, w) => {
    const names: Array<string> = [];
    l.nodes.forEach((node, i) => {
      for (let k = 0; k < l.counts[i]; k++) {
        if (placement.processOf[l.offsets[i] + k] === w) {
          names.push(l.counts[i] === 1 ? node.id : `${node.id}[${k}]`);
        }
      }
    });
    return `${noun} ${w}: ${names.join(", ")}`;
  });
