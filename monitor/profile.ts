/**
 * A run's profile: the hosts' reports put together per instance and per PE, on one timeline.
 *
 * @module
 */
import { BUCKETS, type HostReport } from "../runtime/monitor.ts";

/** Times of an instance or PE, in milliseconds, and its share of the run. */
export interface Times {
  readonly calls: number;
  readonly out: number;
  readonly processMs: number;
  readonly writeMs: number;
  readonly blockedMs: number;
  /** Time neither in calls nor writes nor blocked: waiting for input (or for its host to start it). */
  readonly waitMs: number;
  /** Share of its host's run time in process calls and writes (0 to 1). */
  readonly busy: number;
  /** Share of its host's run time blocked on its writes. */
  readonly blocked: number;
}

/** One instance. */
export interface InstanceProfile extends Times {
  readonly pe: string;
  readonly instance: number;
  readonly host: number;
}

/** One PE, over its instances: sums, and shares averaged over instances. */
export interface PeProfile extends Times {
  readonly pe: string;
  readonly instances: number;
  /** Traced calls per duration bucket (see `BUCKETS` in `runtime/monitor.ts`). */
  readonly hist: ReadonlyArray<number>;
}

/** Batches from one host to another. */
export interface LinkProfile {
  readonly from: number;
  readonly to: number;
  readonly batches: number;
  readonly latencyMeanMs: number;
  readonly latencyMaxMs: number;
  readonly depthMean: number;
  readonly depthMax: number;
}

/** A run's profile. */
export interface RunProfile {
  /** From the first host's start to the last host's report, in milliseconds. */
  readonly wallMs: number;
  readonly pes: ReadonlyArray<PeProfile>;
  readonly instances: ReadonlyArray<InstanceProfile>;
  /** The instances each host ran, as `pe[k]` names (`pe` when it has one instance). */
  readonly assignment: ReadonlyArray<{ readonly host: number; readonly instances: ReadonlyArray<string> }>;
  readonly links: ReadonlyArray<LinkProfile>;
  /** Width of a timeline bin, in milliseconds. */
  readonly binMs: number;
  /** Busy share (0 to 1) per bin, per instance, in the order of `instances`. */
  readonly timeline: ReadonlyArray<ReadonlyArray<number>>;
  /** Calls per second per bin, per PE, in the order of `pes`. */
  readonly throughput: ReadonlyArray<ReadonlyArray<number>>;
  /** Sampled calls: `[pe, instance, start ms since the run's start, duration ms]`. */
  readonly spans: ReadonlyArray<readonly [string, number, number, number]>;
  /** Whether every host sent its final report. */
  readonly complete: boolean;
}

const MAX_BINS = 400;

/**
 * Puts a run's host reports together. PEs come in `order` (the graph's node order), then any
 * others.
 *
 * @example One host, one instance busy half of a 100 ms run
 * ```ts
 * import { profile } from "./profile.ts";
 * const p = profile([{
 *   host: 0, start: 1000, end: 1100, final: true, binMs: 50, samples: 10, links: [], spans: [],
 *   instances: [{ pe: "f", instance: 0, calls: 10, out: 10, processMs: 40, writeMs: 10, blockedMs: 0,
 *     hist: Array(24).fill(0), busy: [30, 20], callsPer: [6, 4] }],
 * }]);
 * p.pes[0].busy; // => 0.5
 * p.pes[0].waitMs; // => 50
 * p.throughput; // => [[120, 80]]
 * ```
 */
export const profile = (
  reports: ReadonlyArray<HostReport>,
  order: ReadonlyArray<string> = [],
): RunProfile => {
  const start = Math.min(...reports.map((r) => r.start));
  const end = Math.max(...reports.map((r) => r.end));
  const wallMs = reports.length === 0 ? 0 : end - start;
  const instances: Array<InstanceProfile> = [];
  const rawBins: Array<{ host: HostReport; busy: ReadonlyArray<number>; calls: ReadonlyArray<number> }> = [];
  for (const r of reports) {
    const window = Math.max(r.end - r.start, 1e-9);
    for (const i of r.instances) {
      instances.push({
        pe: i.pe,
        instance: i.instance,
        host: r.host,
        calls: i.calls,
        out: i.out,
        processMs: i.processMs,
        writeMs: i.writeMs,
        blockedMs: i.blockedMs,
        waitMs: Math.max(0, window - i.processMs - i.writeMs - i.blockedMs),
        busy: Math.min(1, Math.max(0, (i.processMs + i.writeMs) / window)),
        blocked: Math.min(1, i.blockedMs / window),
      });
      rawBins.push({ host: r, busy: i.busy, calls: i.callsPer });
    }
  }
  const names = [
    ...new Set([...order.filter((pe) => instances.some((i) => i.pe === pe)), ...instances.map((i) => i.pe)]),
  ];
  const pes = names.map((pe): PeProfile => {
    const mine = instances.filter((i) => i.pe === pe);
    const sum = (f: (i: InstanceProfile) => number) => mine.reduce((s, i) => s + f(i), 0);
    const hist = new Array<number>(BUCKETS).fill(0);
    for (const r of reports) {
      for (const i of r.instances) if (i.pe === pe) i.hist.forEach((n, b) => (hist[b] += n));
    }
    return {
      pe,
      instances: mine.length,
      calls: sum((i) => i.calls),
      out: sum((i) => i.out),
      processMs: sum((i) => i.processMs),
      writeMs: sum((i) => i.writeMs),
      blockedMs: sum((i) => i.blockedMs),
      waitMs: sum((i) => i.waitMs),
      busy: sum((i) => i.busy) / Math.max(1, mine.length),
      blocked: sum((i) => i.blocked) / Math.max(1, mine.length),
      hist,
    };
  });
  // One grid for every host: as wide as the widest bins, at most MAX_BINS bins.
  let binMs = Math.max(1, ...reports.map((r) => r.binMs));
  while (wallMs / binMs > MAX_BINS) binMs *= 2;
  const bins = Math.max(1, Math.ceil(wallMs / binMs));
  const regrid = (host: HostReport, values: ReadonlyArray<number>) => {
    const out = new Array<number>(bins).fill(0);
    values.forEach((v, j) => {
      const at = Math.floor((host.start - start + (j + 0.5) * host.binMs) / binMs);
      out[Math.min(bins - 1, Math.max(0, at))] += v;
    });
    return out;
  };
  const timeline = rawBins.map(({ host, busy }) =>
    regrid(host, busy).map((ms) => Math.min(1, Math.max(0, ms / binMs)))
  );
  const callsOf = rawBins.map(({ host, calls }) => regrid(host, calls));
  const throughput = names.map((pe) => {
    const rows = callsOf.filter((_, k) => instances[k].pe === pe);
    return Array.from({ length: bins }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / (binMs / 1000));
  });
  const links = reports.flatMap((r) =>
    r.links.map((l): LinkProfile => ({
      from: l.from,
      to: r.host,
      batches: l.batches,
      latencyMeanMs: l.batches === 0 ? 0 : l.latencySumMs / l.batches,
      latencyMaxMs: l.latencyMaxMs,
      depthMean: l.batches === 0 ? 0 : l.depthSum / l.batches,
      depthMax: l.depthMax,
    }))
  ).sort((a, b) => a.from - b.from || a.to - b.to);
  const counts = new Map<string, number>();
  for (const i of instances) counts.set(i.pe, (counts.get(i.pe) ?? 0) + 1);
  const assignment = reports.map((r) => ({
    host: r.host,
    instances: r.instances.map((i) => counts.get(i.pe) === 1 ? i.pe : `${i.pe}[${i.instance}]`),
  }));
  const spans = reports.flatMap((r) =>
    r.spans.map(([pe, k, at, ms]) => [pe, k, at + (r.start - start), ms] as const)
  );
  return {
    wallMs,
    pes,
    instances,
    assignment,
    links,
    binMs,
    timeline,
    throughput,
    spans,
    complete: reports.length > 0 && reports.every((r) => r.final),
  };
};
