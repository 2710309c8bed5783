/**
 * Monitoring of PE instances (`--monitor`): where the time of a host's instances goes, measured
 * in the process that hosts them and sent to the coordinator as one plain-data report.
 *
 * A PE call costs tens of nanoseconds and a clock read more (about 100 ns in Deno), so reading
 * the clock at every call would slow a fast run several times. The probe samples instead.
 * Every call entry and exit, and every batch the host sends, is a boundary; the time between
 * two boundaries is a segment, spent in one instance's process call, in sending what it wrote,
 * or idle. One
 * boundary in `k` on average, at random (so that a periodic pipeline cannot alias), starts a
 * measured segment; each measured segment counts `k` times, which estimates every instance's
 * time without bias. `k` adapts so that clock reads stay about 1% of the time measured: 1 for
 * PEs whose calls take milliseconds, up to 1024 for nanosecond calls. A call whose first segment
 * is sampled is traced whole (its own time, not that of the calls its writes make) for the
 * per-call histograms and the sampled spans. Asynchronous calls are timed from their start to
 * their settling. A single write is no boundary: handing a data unit to a batch costs as little
 * as a counter, and is the writer's process time; packing and sending the batch is its write
 * time. The executor makes the boundary bookkeeping in its own call path (a decrement and a test
 * on most), so that monitoring adds no call layer. With monitoring off, nothing of this runs.
 *
 * A report's size is bounded whatever the run's length: counters, 24 histogram buckets and at
 * most a few hundred timeline bins per instance (bins double in width as a run goes on), and 256
 * spans.
 *
 * @module
 */
import type { PeContext, PeInstance } from "../ir/code.ts";

/** Histogram buckets: bucket 0 counts calls under 1 µs, bucket b calls of [2^(b-1), 2^b) µs, the last everything longer. */
export const BUCKETS = 24;
/** Sampled spans kept per host. */
const SPANS = 256;
/** Clock-read budget: a sample per this many milliseconds of measured time. */
const TARGET_MS = 0.1;
const MAX_K = 1024;
/** One sample in this many, at random, starts a trace (when it starts at a call's entry). */
const TRACE_EVERY = 4;
/** One sample in this many reads the cost of a clock read anew. */
const CLOCK_EVERY = 32;
/** Blocked stretches shorter than this are timed ever more rarely, up to one in MAX_BLOCK_K. */
const SHORT_BLOCK_MS = 0.05;
const MAX_BLOCK_K = 64;
/** A measured segment longer than this many mean segments is an outlier. */
const OUTLIER = 16;
/** A traced call that makes more boundaries than this is dropped: its writes would all be timed. */
const TRACE_MARKS = 64;
/** Traced calls nested in one another at most. */
const MAX_TRACES = 8;
/** Timeline numbers (bins × instances) a host keeps at most. */
const TIMELINE_BUDGET = 40_000;

/** One PE instance's measurements. Times are milliseconds (estimates, see the module doc). */
export interface InstanceStats {
  readonly pe: string;
  readonly instance: number;
  /** Process calls: data units in (a root's iterations). */
  readonly calls: number;
  /** Data units written. */
  readonly out: number;
  /** Time in its process calls, not counting the calls its writes make downstream. */
  readonly processMs: number;
  /** Time writing data units that leave the executor (to other processes or as results). */
  readonly writeMs: number;
  /** Time blocked on its writes: waiting for credit, or for a downstream call that waits. */
  readonly blockedMs: number;
  /** Traced calls per {@link BUCKETS} bucket of their duration. */
  readonly hist: ReadonlyArray<number>;
  /** Busy time (process and write, not blocked) per timeline bin. */
  readonly busy: ReadonlyArray<number>;
  /** Calls per timeline bin. */
  readonly callsPer: ReadonlyArray<number>;
}

/** Batches received from one peer host: latency from its send to their read here, and the queue they found. */
export interface LinkStats {
  /** The sending host. */
  readonly from: number;
  readonly batches: number;
  readonly latencySumMs: number;
  readonly latencyMaxMs: number;
  /** Batches waiting here when one arrived, summed and at most. */
  readonly depthSum: number;
  readonly depthMax: number;
}

/**
 * What a host measured, as plain data: the payload of the host protocol's `monitor` message,
 * which transports forward like any other message from a host.
 */
export interface HostReport {
  /** The host's process number. */
  readonly host: number;
  /** When its instances started and when this report was made, in epoch milliseconds. */
  readonly start: number;
  readonly end: number;
  /** Whether the host's instances have all finished. */
  readonly final: boolean;
  /** Width of a timeline bin, in milliseconds. */
  readonly binMs: number;
  readonly instances: ReadonlyArray<InstanceStats>;
  readonly links: ReadonlyArray<LinkStats>;
  /** Sampled calls: `[pe, instance, start (ms since `start`), duration ms]`. */
  readonly spans: ReadonlyArray<readonly [string, number, number, number]>;
  /** Clock samples taken (how much the estimates rest on). */
  readonly samples: number;
}

/** How often a host sends what it measured while the run goes on, in milliseconds. */
export const LIVE_REPORT_MS = 2000;

/** Epoch milliseconds with sub-millisecond resolution: comparable between the threads of a machine. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/**
 * The bucket of a duration in milliseconds.
 *
 * @example
 * ```ts
 * import { bucketOf } from "./monitor.ts";
 * [bucketOf(0.0005), bucketOf(0.0015), bucketOf(3), bucketOf(1e9)]; // => [0, 1, 12, 23]
 * ```
 */
export const bucketOf = (ms: number): number => {
  const us = ms * 1000;
  if (us < 1) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log2(us)));
};

/** An asynchronous call in progress, as {@link Probe.calling} starts timing it. */
export interface AsyncCall {
  readonly since: number;
  readonly waited: number;
  readonly busy: number;
  readonly late: number;
}

/** A hosted instance, as the executor names it. */
export interface Hosted {
  readonly gid: number;
  readonly pe: string;
  readonly instance: number;
}

/**
 * Measures the instances of one executor. The executor calls {@link Probe.enter} and
 * {@link Probe.leave} around each process call (as {@link Probe.process} does), and its host
 * calls {@link Probe.write} around each batch it sends.
 *
 * @example Three calls of an instance that spin for a millisecond each
 * ```ts
 * import { Probe } from "./monitor.ts";
 * const probe = new Probe(1);
 * let calls = 0;
 * probe.begin([0], () => calls);
 * const spin = { process: () => { const t = performance.now(); while (performance.now() - t < 1); } };
 * for (let i = 0; i < 3; i++) calls++, probe.process(0, spin, undefined, i, {} as never);
 * const r = probe.report(0, [{ gid: 0, pe: "spin", instance: 0 }], [], true);
 * r.instances[0].calls; // => 3
 * r.instances[0].processMs > 2; // => true
 * ```
 */
export class Probe {
  /** The slot the time now goes to: 2 gid (process), 2 gid + 1 (write), or idle. */
  private top: number;
  private readonly idle: number;
  private readonly acc: Float64Array;
  /** Process calls and data units written so far per gid, as the executor counts them. */
  private callsOf: (gid: number) => number = () => 0;
  private outOf: (gid: number) => number = () => 0;
  private readonly total: number;
  private readonly asyncMs: Float64Array;
  private readonly waitMs: Float64Array;
  /** Blocked stretches until the next timed one, and their mean interval (see {@link Probe.blocked}). */
  private blockGate = 1;
  private blockK = 1;
  /** The weight of each instance's timed stretch. */
  private readonly blockWeight: Float64Array;
  /** Estimated time in every instance's calls and writes so far. */
  // Fields that will hold fractions start as one (-0): V8 lays out a field for the kind of its
  // first value, and a field laid out for small integers that gets a fraction changes the
  // object's shape, which throws away the code optimized for it.
  private busySum = -0;
  /** Continuations after writes that waited, per gid (see {@link Probe.late}). */
  private readonly lateWrites: Float64Array;
  private readonly hists: Array<Float64Array | undefined>;
  /** Boundaries until the next sample. */
  private countdown = 1;
  /** Boundaries until the next one where something is due, and what it was set to. */
  private gate = 1;
  private gateSet = 1;
  private k = 1;
  private weightNext = 1;
  private weight = 1;
  private measuring = false;
  private t0 = -0;
  /** Mean measured segment, ms (idle segments left out). */
  private seg = TARGET_MS;
  private samples = 0;
  private tracing = false;
  /** The traced calls in progress, innermost last: slot, the slot it was entered from, own time, start. */
  private traces: Array<{ slot: number; prev: number; self: number; start: number }> = [];
  private traceLast = -0;
  private traceMarks = 0;
  private spans: Array<readonly [number, number, number]> = [];
  private spansSeen = 0;
  private startedAt = -0;
  private startedEpoch = -0;
  private binMs = 25;
  private maxBins = 0;
  private binEnd = Infinity;
  /** Totals at the start of the open bin, and the closed bins, per gid. */
  private binBase: Float64Array;
  private callBase: Float64Array;
  private busyBins: Array<Array<number>> = [];
  private callBins: Array<Array<number>> = [];
  private hosted: ReadonlyArray<number> = [];
  /**
   * What a clock read adds to the segment it measures, read anew at each sample (a segment of
   * 70 ns would otherwise read as 200).
   */
  private clockMs = 0.0001;

  constructor(total: number) {
    this.idle = 2 * total;
    this.top = this.idle;
    this.acc = new Float64Array(2 * total + 2);
    this.total = total;
    this.asyncMs = new Float64Array(total);
    this.waitMs = new Float64Array(total);
    this.lateWrites = new Float64Array(total);
    this.blockWeight = new Float64Array(total);
    this.binBase = new Float64Array(total);
    this.callBase = new Float64Array(total);
    this.hists = new Array(total);
  }

  /**
   * Starts the clock of the run and its timeline, for the hosted instances (default: all), whose
   * process calls `callsOf` counts and whose written data units `outOf` does.
   */
  begin(
    hosted?: ReadonlyArray<number>,
    callsOf?: (gid: number) => number,
    outOf?: (gid: number) => number,
  ): void {
    this.hosted = hosted ?? Array.from({ length: this.total }, (_, g) => g);
    if (callsOf !== undefined) this.callsOf = callsOf;
    if (outOf !== undefined) this.outOf = outOf;
    this.busyBins = this.hosted.map(() => []);
    this.callBins = this.hosted.map(() => []);
    this.maxBins = Math.max(16, Math.min(480, Math.floor(TIMELINE_BUDGET / Math.max(1, this.hosted.length))));
    this.startedAt = performance.now();
    this.startedEpoch = performance.timeOrigin + this.startedAt;
    this.binEnd = this.startedAt + this.binMs;
  }

  /**
   * A process call of instance `gid` starts; returns what {@link Probe.leave} needs. The
   * executor calls the PE itself between the two, so that monitoring adds no call layer.
   */
  enter(gid: number): number {
    const prev = this.top;
    this.top = 2 * gid;
    if (--this.gate === 0) this.due(prev, prev);
    return prev;
  }

  /**
   * The process call of `gid` that {@link Probe.enter} returned `prev` for has returned `r`.
   * A call that throws has no `leave`: it fails the run (even when a PE catches it around its
   * write), so what the probe holds after it does not matter.
   */
  leave(gid: number, prev: number, r: unknown): void {
    const slot = this.top;
    this.top = prev;
    // While tracing the gate is 1: every boundary is due.
    if (--this.gate === 0) this.left(slot, gid, prev, r);
  }

  /**
   * A boundary at the exit of the call to `gid` entered from `prev` (in `slot`); ends the
   * innermost trace if it is this call's.
   */
  private left(slot: number, gid: number, prev: number, r: unknown): void {
    this.due(slot, -1);
    if (!this.tracing) return;
    const t = this.traces[this.traces.length - 1];
    if (t.slot === 2 * gid && t.prev === prev) this.endTrace(gid, r);
  }

  /** Makes a process call of instance `gid` (`code.process(port, data, ctx)`), as the executor does. */
  process(
    gid: number,
    code: PeInstance,
    port: string | undefined,
    data: unknown,
    ctx: PeContext,
  ): void | PromiseLike<void> {
    const prev = this.enter(gid);
    const r = code.process(port, data, ctx);
    this.leave(gid, prev, r);
    return r;
  }

  /** Runs `send`, which sends a batch of what the instance now running wrote: its write time. */
  write<R>(send: () => R): R {
    const prev = this.top;
    this.mark();
    this.top = prev | 1;
    const r = send();
    this.mark();
    this.top = prev;
    return r;
  }

  /**
   * A write of instance `gid` that waited has gone: the instance's code that waited on it (a
   * generator draining on) runs next, outside any call, until the microtasks queued so far have
   * run. That time is charged to it, with two boundaries a continuation, not two a write.
   */
  late(gid: number): void {
    this.lateWrites[gid]++;
    if (this.top !== this.idle) return;
    this.mark();
    this.top = 2 * gid;
    queueMicrotask(this.lateEnd);
  }

  private readonly lateEnd = (): void => {
    if (this.top === this.idle) return;
    this.mark();
    this.top = this.idle;
  };

  /**
   * The thread wakes from the event loop (a message came). Marks a boundary when no call is
   * running: the idle time ends here.
   */
  wake(): void {
    if (this.top === this.idle) this.mark();
  }

  /**
   * An instance is blocked on a write (it waits for credit, or for a downstream call that
   * waits). Returns a token for {@link Probe.waited}: the clock reading, or -1 when this stretch
   * is not timed. A busy stream blocks on many writes in a row, each for microseconds; timing
   * every one would cost two clock reads a data unit, so one stretch in `blockK` is timed and
   * counts `blockK` times (as many as it stands for), `blockK` growing while stretches are short
   * and back to 1 once one is long.
   */
  blocked(gid: number): number {
    if (--this.blockGate > 0) return -1;
    this.blockWeight[gid] = this.blockK;
    this.blockGate = (1 + Math.random() * (2 * this.blockK - 1)) | 0;
    return performance.now();
  }

  /** The stretch that {@link Probe.blocked} returned `since` for has ended. */
  waited(gid: number, since: number): void {
    if (since < 0) return;
    const ms = performance.now() - since;
    this.waitMs[gid] += ms * this.blockWeight[gid];
    this.blockK = ms < SHORT_BLOCK_MS ? Math.min(MAX_BLOCK_K, 2 * this.blockK) : 1;
  }

  /** An asynchronous process call of `gid` goes on after returning: the token for {@link Probe.settled}. */
  calling(gid: number): AsyncCall {
    return {
      since: performance.now(),
      waited: this.waitMs[gid],
      busy: this.busySum,
      late: this.lateWrites[gid],
    };
  }

  /**
   * An asynchronous call has settled. Its time is what it cost beyond the thread's other work:
   * the wall time since it returned, less the time it was blocked on writes and the time this
   * thread spent in calls meanwhile. For a call awaiting I/O on an otherwise idle thread, that
   * is the wait. A call that went on writing as it went (a generator draining while its writes
   * wait for credit) was charged as it wrote (see {@link Probe.late}); what is left of its wall
   * time is the thread idling, or other threads' turn on the cores, and is not its time.
   */
  settled(gid: number, call: AsyncCall): void {
    const ms = Math.max(
      0,
      performance.now() - call.since - (this.waitMs[gid] - call.waited) - (this.busySum - call.busy),
    );
    if (this.lateWrites[gid] - call.late > 1) return;
    this.asyncMs[gid] += ms;
    this.histOf(gid)[bucketOf(ms)]++;
    this.span(gid, call.since, ms);
  }

  /** A boundary: on most, one decrement and a test (see {@link Probe.due}). */
  private mark(): void {
    if (--this.gate === 0) this.due(this.top, -1);
  }

  /**
   * A boundary where something is due: a measured segment of `slot` ends, a trace goes on, or a
   * sample starts. At a call's entry, `from` is the slot it was entered from (else -1): a sample
   * that starts there traces the call, now and then.
   *
   * One method, not three: V8 inlines a method this small into the executor's call path, and
   * compiling that path with all of the probe in it took it 20 ms instead of 3 at each start.
   * Past V8's inlining size (460 bytes of bytecode) this stays a call, made once in `k`.
   */
  private due(slot: number, from: number): void {
    this.countdown -= this.gateSet;
    if (this.measuring) {
      // The measured segment ends.
      const now = performance.now();
      const d = now - this.t0 - this.clockMs;
      // A segment far longer than usual (a GC pause, the thread descheduled) counts once beyond
      // the cap: weighted like the others, one such pause could add a quarter of a second.
      const cap = Math.max(OUTLIER * this.seg, 0.002);
      const ms = d <= cap ? d * this.weight : cap * this.weight + (d - cap);
      this.acc[slot] += ms;
      if (slot < this.idle) this.busySum += ms;
      this.measuring = false;
      if (slot < this.idle) this.seg += (d - this.seg) / 8;
      if (now >= this.binEnd) this.roll(now);
    }
    if (this.tracing) this.traceMark(slot);
    if (this.countdown <= 0) {
      // A sample starts.
      this.weight = this.weightNext;
      this.k = Math.max(1, Math.min(MAX_K, Math.round(TARGET_MS / Math.max(this.seg, 1e-6)))) | 0;
      this.weightNext = this.k;
      // Whole numbers kept as such: V8 then counts down without boxing them.
      this.countdown = (1 + Math.random() * (2 * this.k - 1)) | 0;
      this.samples++;
      this.measuring = true;
      if (this.samples % CLOCK_EVERY === 1) {
        const before = performance.now();
        this.t0 = performance.now();
        const c = this.t0 - before;
        // Two reads a descheduling fell between say nothing of the clock.
        if (c < 0.002) this.clockMs += (c - this.clockMs) / 4;
      } else this.t0 = performance.now();
    }
    this.gate = this.gateSet = this.measuring || this.tracing ? 1 : this.countdown;
    if (from >= 0 && this.measuring && Math.random() * TRACE_EVERY < 1 && this.traces.length < MAX_TRACES) {
      this.startTrace(from);
    }
  }

  private startTrace(prev: number): void {
    if (!this.tracing) {
      this.tracing = true;
      this.traceLast = this.t0;
      this.traceMarks = 0;
    }
    this.traces.push({ slot: this.top, prev, self: 0, start: this.t0 });
  }

  private traceMark(slot: number): void {
    const now = performance.now();
    for (const t of this.traces) if (t.slot === slot) t.self += now - this.traceLast;
    this.traceLast = now;
    if (++this.traceMarks > TRACE_MARKS) {
      this.tracing = false;
      this.traces = [];
    }
  }

  private endTrace(gid: number, r: unknown): void {
    const t = this.traces.pop()!;
    this.tracing = this.traces.length > 0;
    // An asynchronous call is timed when it settles (see settled).
    if (typeof (r as PromiseLike<unknown> | undefined)?.then === "function") return;
    this.histOf(gid)[bucketOf(t.self)]++;
    this.span(gid, t.start, t.self);
  }

  private histOf(gid: number): Float64Array {
    return this.hists[gid] ??= new Float64Array(BUCKETS);
  }

  /** Keeps a uniform sample of the spans seen (reservoir sampling). */
  private span(gid: number, at: number, ms: number): void {
    const s = [gid, at - this.startedAt, ms] as const;
    const seen = ++this.spansSeen;
    if (this.spans.length < SPANS) this.spans.push(s);
    else {
      const i = Math.floor(Math.random() * seen);
      if (i < SPANS) this.spans[i] = s;
    }
  }

  private busyOf(gid: number): number {
    return this.acc[2 * gid] + this.acc[2 * gid + 1] + this.asyncMs[gid];
  }

  /** Closes the bins that ended by `now`; halves the resolution when there are too many. */
  private roll(now: number): void {
    while (now >= this.binEnd) {
      this.hosted.forEach((g, i) => {
        const busy = this.busyOf(g);
        this.busyBins[i].push(busy - this.binBase[g]);
        this.callBins[i].push(this.callsOf(g) - this.callBase[g]);
        this.binBase[g] = busy;
        this.callBase[g] = this.callsOf(g);
      });
      this.binEnd += this.binMs;
      if (this.busyBins[0]?.length >= this.maxBins) {
        const halve = (bins: Array<number>) =>
          Array.from({ length: Math.ceil(bins.length / 2) }, (_, j) => bins[2 * j] + (bins[2 * j + 1] ?? 0));
        this.busyBins = this.busyBins.map(halve);
        this.callBins = this.callBins.map(halve);
        this.binMs *= 2;
        this.binEnd = this.startedAt + this.busyBins[0].length * this.binMs;
      }
    }
  }

  /**
   * The report of the hosted instances so far. `final` closes the timeline; a report made
   * during the run (a live snapshot) leaves the probe as it was, but for closed bins.
   */
  report(
    host: number,
    hosted: ReadonlyArray<Hosted>,
    links: ReadonlyArray<LinkStats>,
    final: boolean,
  ): HostReport {
    const now = performance.now();
    this.roll(now);
    const byGid = new Map(this.hosted.map((g, i) => [g, i]));
    const instances = hosted.map(({ gid, pe, instance }): InstanceStats => {
      const i = byGid.get(gid);
      return {
        pe,
        instance,
        calls: this.callsOf(gid),
        out: this.outOf(gid),
        processMs: this.acc[2 * gid] + this.asyncMs[gid],
        writeMs: this.acc[2 * gid + 1],
        blockedMs: this.waitMs[gid],
        hist: [...this.histOf(gid)],
        // The bin still open ends the timeline.
        busy: i === undefined ? [] : [...this.busyBins[i], this.busyOf(gid) - this.binBase[gid]],
        callsPer: i === undefined ? [] : [...this.callBins[i], this.callsOf(gid) - this.callBase[gid]],
      };
    });
    const names = new Map(hosted.map((h) => [h.gid, h]));
    return {
      host,
      start: this.startedEpoch,
      end: performance.timeOrigin + now,
      final,
      binMs: this.binMs,
      instances,
      links,
      spans: this.spans.flatMap(([g, at, ms]) => {
        const h = names.get(g);
        return h === undefined ? [] : [[h.pe, h.instance, at, ms] as const];
      }),
      samples: this.samples,
    };
  }
}
