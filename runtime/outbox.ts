/**
 * Outboxes: batching with credit-based flow control, for any transport between processes.
 *
 * Data units to one peer collect in a batch, sent when full, when {@link Outbox.flush} is called
 * (on a timer, or when the process goes idle), or when a push finds the open batch older than
 * `maxDelay`: a slow stream still moves, even while a long synchronous PE keeps timers from
 * firing. A data unit that starts a batch after a quiet spell goes at once (not while the window
 * is full: that is no quiet spell). The clock is read at
 * most once per push and, on fast streams, once every few hundred pushes. At most
 * `window` batches are in flight (sent, not yet acknowledged); further full batches wait. On a
 * blocking outbox a write that finds batches waiting returns a promise that settles once they
 * are sent: the writer, and through it the root producer, slows to the consumer's pace, and
 * memory stays bounded. Outboxes on links that could form a cycle between processes never block.
 *
 * @module
 */

/** Sizes of batches and of the in-flight window. */
export interface OutboxOptions {
  /** Data units per batch. */
  readonly batch: number;
  /** Batches in flight before writers wait. */
  readonly window: number;
  /** Longest a data unit may wait in an open batch, in milliseconds (default 2). */
  readonly maxDelay?: number;
  /** Whether writers may wait (false on links that could deadlock). */
  readonly blocking: boolean;
  /** Sends one batch (see {@link Outbox} for its layout). */
  readonly send: (items: Array<unknown>) => void;
}

/**
 * A batching, flow-controlled queue to one peer.
 *
 * A batch is a flat array of runs `[target, port, n, data1, ..., dataN]`: consecutive data units
 * for the same target and port share one header, so a batch of numbers costs little more than
 * the numbers. A run with `n = 0` is a signal (end of stream) with no data; {@link readBatch}
 * walks a batch.
 *
 * @example Two data units per batch, one batch in flight
 * ```ts
 * import { Outbox } from "./outbox.ts";
 * const sent: unknown[][] = [];
 * // maxDelay: Infinity sends by size only (by default a unit after a quiet spell goes at once).
 * const box = new Outbox({ batch: 2, window: 1, blocking: true, maxDelay: Infinity, send: (b) => sent.push(b) });
 * box.push(7, 0, "a");
 * box.push(7, 0, "b"); // the batch is full: sent
 * box.push(7, 0, "c");
 * const wait = box.push(8, 1, "d"); // the window is full: this batch waits, and so does the writer
 * wait instanceof Promise; // => true
 * box.ack(1); // the peer processed the first batch: the waiting one goes
 * sent; // => [[7, 0, 2, "a", "b"], [7, 0, 1, "c", 8, 1, 1, "d"]]
 * ```
 */
export class Outbox {
  private items: Array<unknown> = [];
  private units = 0;
  /** Where the open run's count is, and its target and port. */
  private run = -1;
  private runTarget = 0;
  private runPort = 0;
  private inFlight = 0;
  private lastSend = -Infinity;
  private openedAt = 0;
  private stride = 1;
  private countdown = 1;
  private lastCheck = 0;
  private readonly maxDelay: number;
  /** Batches behind the window, from `head` on (an index, so that a long queue drains in linear time). */
  private waiting: Array<Array<unknown>> = [];
  private head = 0;
  private resume: Array<() => void> = [];
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly options: OutboxOptions) {
    this.maxDelay = options.maxDelay ?? 2;
  }

  /** Appends a data unit for `target` on `port`; returns a promise when the writer should wait. */
  push(target: number, port: number, data: unknown): void | Promise<void> {
    const items = this.items;
    if (this.run >= 0 && target === this.runTarget && port === this.runPort) {
      (items[this.run] as number)++;
      items.push(data);
    } else {
      this.run = items.length + 2;
      this.runTarget = target;
      this.runPort = port;
      items.push(target, port, 1, data);
    }
    if (++this.units >= this.options.batch) this.flush();
    else if (this.units === 1) {
      const now = performance.now();
      if (now - this.lastSend > this.maxDelay && !this.congested()) this.flush();
      else this.openedAt = now;
    } else if (--this.countdown <= 0) this.checkAge();
    if (this.options.blocking && this.queued() > 0) {
      return new Promise((resolve) => this.resume.push(resolve));
    }
  }

  /** Flushes an open batch that has waited too long; checks the clock less often on fast streams. */
  private checkAge(): void {
    const now = performance.now();
    this.stride = now - this.lastCheck < 0.05 ? Math.min(this.stride * 2, 256) : 1;
    this.countdown = this.stride;
    this.lastCheck = now;
    if (now - this.openedAt >= this.maxDelay) this.flush();
  }

  /**
   * Whether the window is full. Then the last send is old because batches wait, not because the
   * stream is quiet: a unit that opens a batch must not go at once, or a busy link would break
   * up into batches of one unit, each costing a message and an ack.
   */
  private congested(): boolean {
    return this.inFlight >= this.options.window || this.queued() > 0;
  }

  /** Appends a signal without data (a run with `n = 0`). */
  signal(target: number, port: number): void {
    this.items.push(target, port, 0);
    this.run = -1;
  }

  /** Sends the partial batch, if any (it waits its turn when the window is full). */
  flush(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.units = 0;
    this.run = -1;
    this.enqueue(items);
  }

  /** Whether records are waiting to be sent (in the open batch or behind the window). */
  get backlog(): boolean {
    return this.items.length > 0 || this.queued() > 0;
  }

  /** The peer processed `n` batches: send what waits. */
  ack(n: number): void {
    this.inFlight -= n;
    while (this.inFlight < this.options.window && this.queued() > 0) {
      this.transmit(this.waiting[this.head++]);
    }
    if (this.queued() === 0) {
      this.waiting = [];
      this.head = 0;
      const resume = this.resume;
      this.resume = [];
      for (const r of resume) r();
    }
    if (this.inFlight === 0 && !this.backlog) {
      const drained = this.drainWaiters;
      this.drainWaiters = [];
      for (const r of drained) r();
    }
  }

  /** Resolves once everything pushed so far is sent and acknowledged. */
  drained(): Promise<void> {
    this.flush();
    if (this.inFlight === 0 && !this.backlog) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private enqueue(items: Array<unknown>): void {
    if (!this.congested()) this.transmit(items);
    else this.waiting.push(items);
  }

  private queued(): number {
    return this.waiting.length - this.head;
  }

  private transmit(items: Array<unknown>): void {
    this.inFlight++;
    this.lastSend = performance.now();
    this.options.send(items);
  }
}

/**
 * Walks a batch: calls `data` for each data unit and `signal` for each signal, in order, waiting
 * whenever a call returns a promise.
 *
 * @example
 * ```ts
 * import { readBatch } from "./outbox.ts";
 * const seen: string[] = [];
 * readBatch([7, 0, 2, "a", "b", -8, 3, 0], (t, p, d) => void seen.push(`${t}:${p}:${d}`), (t, p) => void seen.push(`signal ${t}:${p}`));
 * seen; // => ["7:0:a", "7:0:b", "signal -8:3"]
 * ```
 */
export const readBatch = (
  items: ReadonlyArray<unknown>,
  data: (target: number, port: number, data: unknown) => void | Promise<void>,
  signal: (target: number, port: number) => void | Promise<void>,
): void | Promise<void> => walk(items, 0, 0, data, signal);

/** Walks from the run at `i`, of which `k` data units are done. */
const walk = (
  items: ReadonlyArray<unknown>,
  i: number,
  k: number,
  data: (target: number, port: number, data: unknown) => void | Promise<void>,
  signal: (target: number, port: number) => void | Promise<void>,
): void | Promise<void> => {
  while (i < items.length) {
    const target = items[i] as number;
    const port = items[i + 1] as number;
    const n = items[i + 2] as number;
    if (n === 0) {
      i += 3;
      const r = signal(target, port);
      if (r !== undefined) {
        const next = i;
        return r.then(() => walk(items, next, 0, data, signal));
      }
      continue;
    }
    while (k < n) {
      const r = data(target, port, items[i + 3 + k]);
      k++;
      if (r !== undefined) {
        const at = i;
        const done = k;
        return r.then(() => walk(items, at, done, data, signal));
      }
    }
    i += 3 + n;
    k = 0;
  }
};
