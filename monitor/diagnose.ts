/**
 * Diagnosis of a monitored run: which PE limits it, in plain words, and the instance
 * allocation its measured busy times suggest (what `--plan-from RUN` runs with).
 *
 * @module
 */
import type { Graph } from "../ir/graph.ts";
import { roots } from "../ir/topology.ts";
import { allToOneOnly } from "../runtime/assign.ts";
import type { PeProfile, RunProfile } from "./profile.ts";

/** One PE's instances now and as suggested. */
export interface Allocation {
  readonly pe: string;
  readonly current: number;
  readonly suggested: number;
  /** Its share of the measured work (busy time) of the PEs whose counts can change. */
  readonly work: number;
  /** Why its count stays as it is, for PEs whose count cannot change. */
  readonly fixed?: string;
}

/** What the dashboard says about a run. */
export interface Diagnosis {
  /** The busiest PE, when one stands out. */
  readonly bottleneck?: string;
  /** Plain sentences. */
  readonly sentences: ReadonlyArray<string>;
  /** Instances the allocation spreads over the PEs that can have more than one. */
  readonly budget: number;
  readonly allocation: ReadonlyArray<Allocation>;
}

/** Below this busy share, no PE is called a bottleneck. */
const BUSY = 0.5;
/** A PE doing this share of all measured work is the bottleneck however busy it is. */
const DOMINANT = 0.6;
/** Upstream blocked at least this share of the time is worth saying. */
const BLOCKED = 0.2;

const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * Why a node's instance count cannot change: a root (its feed goes round-robin; one instance
 * keeps the order), or a PE fed only `allToOne` (every data unit goes to instance 0).
 */
const fixedReason = (graph: Graph): Map<string, string> => {
  const out = new Map<string, string>();
  for (const n of roots(graph)) out.set(n.id, "a root: its data comes from one feed");
  for (const id of allToOneOnly(graph)) out.set(id, "fed allToOne: one instance gets all its data");
  return out;
};

/**
 * Spreads `budget` instances over PEs in proportion to their measured work (highest averages
 * first: each next instance goes where work per instance is largest), one at least each.
 *
 * @example Work 9 : 1 over 4 instances
 * ```ts
 * import { spread } from "./diagnose.ts";
 * spread([9, 1], 4); // => [3, 1]
 * spread([0, 0, 0], 4); // => [2, 1, 1]
 * ```
 */
export const spread = (work: ReadonlyArray<number>, budget: number): Array<number> => {
  const counts = work.map(() => 1);
  for (let left = budget - work.length; left > 0; left--) {
    let best = 0;
    for (let i = 1; i < work.length; i++) if (work[i] / counts[i] > work[best] / counts[best]) best = i;
    if (work.every((w) => w === 0)) best = (budget - left) % work.length;
    counts[best]++;
  }
  return counts;
};

/**
 * The allocation suggested for a run: PEs whose count can change share `budget` instances (by
 * default as many as they had, or `processes` if more) in proportion to their busy time; the
 * others keep theirs.
 */
export const suggestAllocation = (
  graph: Graph,
  prof: RunProfile,
  counts: Readonly<Record<string, number>>,
  processes?: number,
): { budget: number; allocation: Array<Allocation> } => {
  const fixed = fixedReason(graph);
  const byPe = new Map(prof.pes.map((p) => [p.pe, p]));
  const work = (id: string) => {
    const p = byPe.get(id);
    return p === undefined ? 0 : p.processMs + p.writeMs;
  };
  const movable = graph.nodes.filter((n) => !fixed.has(n.id));
  const had = movable.reduce((s, n) => s + (counts[n.id] ?? 1), 0);
  const budget = Math.max(had, processes ?? 0, movable.length);
  const total = movable.reduce((s, n) => s + work(n.id), 0);
  const share = spread(movable.map((n) => work(n.id)), budget);
  const allocation = graph.nodes.map((n): Allocation => {
    const current = counts[n.id] ?? 1;
    const k = movable.indexOf(n);
    if (k < 0) return { pe: n.id, current, suggested: current, work: 0, fixed: fixed.get(n.id) };
    return { pe: n.id, current, suggested: share[k], work: total === 0 ? 0 : work(n.id) / total };
  });
  return { budget, allocation };
};

/**
 * Names the PE that limits a run and what to do about it.
 *
 * @example A pipeline whose middle PE is busy all the time while its source waits
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { diagnose } from "./diagnose.ts";
 * import type { RunProfile } from "./profile.ts";
 * const src = W.pe(W.producer("src", (i: number) => i));
 * const slow = W.pe(W.fn("slow", (x: number) => x));
 * const fast = W.pe(W.fn("fast", (x: number) => x));
 * const g = W.compile(W.workflow("w", [W.connect(src.out.output, slow.in.input), W.connect(slow.out.output, fast.in.input)]), "m");
 * const pe = (name: string, busy: number, blocked: number) => ({ pe: name, instances: 1, calls: 100, out: 100,
 *   processMs: busy * 1000, writeMs: 0, blockedMs: blocked * 1000, waitMs: 0, busy, blocked, hist: [] });
 * const prof = { pes: [pe("src", 0.05, 0.7), pe("slow", 0.94, 0), pe("fast", 0.1, 0)] } as unknown as RunProfile;
 * const d = diagnose(g, prof, { src: 1, slow: 1, fast: 1 }, 4);
 * d.sentences[0]; // => "slow is busy 94% of the run while its upstream src is blocked 70% of the time: give it more instances."
 * d.allocation.map((a) => a.suggested); // => [1, 3, 1]
 * ```
 */
export const diagnose = (
  graph: Graph,
  prof: RunProfile,
  counts: Readonly<Record<string, number>>,
  processes?: number,
): Diagnosis => {
  const { budget, allocation } = suggestAllocation(graph, prof, counts, processes);
  const sentences: Array<string> = [];
  const top = prof.pes.reduce<PeProfile | undefined>(
    (a, p) => (a === undefined || p.busy > a.busy ? p : a),
    undefined,
  );
  if (top === undefined) return { sentences: ["Nothing was measured yet."], budget, allocation };
  const work = (p: PeProfile) => p.processMs + p.writeMs;
  const all = prof.pes.reduce((s, p) => s + work(p), 0);
  const share = all === 0 ? 0 : work(top) / all;
  const dominant = share >= DOMINANT && prof.pes.length > 1;
  const bottleneck = top.busy >= BUSY || dominant ? top.pe : undefined;
  if (bottleneck !== undefined && top.busy < BUSY) {
    const move = allocation.find((a) => a.pe === bottleneck);
    sentences.push(
      `${bottleneck} does ${pct(share)} of the measured work, though it is busy only ${
        pct(top.busy)
      } of the run: ` +
        `the run also waits on something else (the cores shared with other processes, the transport, start-up); ` +
        (move?.fixed !== undefined
          ? `its count cannot change (${move.fixed}).`
          : `more instances of it would help most.`),
    );
  } else if (bottleneck === undefined) {
    sentences.push(
      `No PE is busy more than half of the run (the busiest, ${top.pe}, ${pct(top.busy)}): ` +
        `it is limited elsewhere, by start-up, the transport between processes, or its input.`,
    );
  } else {
    const upstream = graph.edges.filter((e) => e.to.node === bottleneck).map((e) => e.from.node as string);
    const waiting = prof.pes.filter((p) => upstream.includes(p.pe) && p.blocked >= BLOCKED)
      .sort((a, b) => b.blocked - a.blocked)[0];
    const many = top.instances > 1 ? ` (${top.instances} instances)` : "";
    const move = allocation.find((a) => a.pe === bottleneck);
    const advice = move?.fixed !== undefined
      ? `its count cannot change (${move.fixed})`
      : "give it more instances";
    sentences.push(
      waiting === undefined
        ? `${bottleneck}${many} is busy ${pct(top.busy)} of the run: it limits the throughput; ${advice}.`
        : `${bottleneck}${many} is busy ${
          pct(top.busy)
        } of the run while its upstream ${waiting.pe} is blocked ` +
          `${pct(waiting.blocked)} of the time: ${advice}.`,
    );
  }
  const changes = allocation.filter((a) => a.suggested !== a.current);
  if (changes.length === 0) sentences.push(`The allocation fits the measured work: keep it.`);
  else {
    sentences.push(
      `Suggested for ${budget} instances, from the measured busy times: ` +
        changes.map((a) => `${a.pe} ${a.current} → ${a.suggested}`).join(", ") + ".",
    );
  }
  return { bottleneck, sentences, budget, allocation };
};
