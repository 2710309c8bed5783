/**
 * Outboxes: batching with credit-based flow control, for any transport between processes.
 *
 * Data units to one peer collect in a batch, sent when full or when {@link Outbox.flush} is
 * called (on a short timer, or when the process goes idle), so a slow stream still moves. At most
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
  /** Whether writers may wait (false on links that could deadlock). */
  readonly blocking: boolean;
  /** Sends one batch: a flat array of records of `width` values each. */
  readonly send: (items: Array<unknown>) => void;
}

/**
 * A batching, flow-controlled queue to one peer. Records are `width` values wide.
 *
 * @example Two records per batch, one batch in flight
 * ```ts
 * import { Outbox } from "./outbox.ts";
 * const sent: unknown[][] = [];
 * const box = new Outbox(2, { batch: 2, window: 1, blocking: true, send: (b) => sent.push(b) });
 * box.push("a", 1);
 * box.push("b", 2); // the batch is full: sent
 * box.push("c", 3);
 * const wait = box.push("d", 4); // the window is full: this batch waits, and so does the writer
 * wait instanceof Promise; // => true
 * box.ack(1); // the peer processed the first batch: the waiting one goes
 * sent; // => [["a", 1, "b", 2], ["c", 3, "d", 4]]
 * ```
 */
export class Outbox {
  private items: Array<unknown> = [];
  private inFlight = 0;
  private readonly waiting: Array<Array<unknown>> = [];
  private resume: Array<() => void> = [];
  private drainWaiters: Array<() => void> = [];
  private readonly limit: number;

  constructor(private readonly width: number, private readonly options: OutboxOptions) {
    this.limit = options.batch * width;
  }

  /** Appends one record; returns a promise when the writer should wait. */
  push(a: unknown, b: unknown, c?: unknown): void | Promise<void> {
    const items = this.items;
    items.push(a, b);
    if (this.width === 3) items.push(c);
    if (items.length >= this.limit) {
      this.items = [];
      this.enqueue(items);
      if (this.options.blocking && this.waiting.length > 0) {
        return new Promise((resolve) => this.resume.push(resolve));
      }
    }
  }

  /** Sends the partial batch, if any (it waits its turn when the window is full). */
  flush(): void {
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.enqueue(items);
  }

  /** Whether records are waiting to be sent (in the open batch or behind the window). */
  get backlog(): boolean {
    return this.items.length > 0 || this.waiting.length > 0;
  }

  /** The peer processed `n` batches: send what waits. */
  ack(n: number): void {
    this.inFlight -= n;
    while (this.inFlight < this.options.window && this.waiting.length > 0) {
      this.transmit(this.waiting.shift()!);
    }
    if (this.waiting.length === 0) {
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
    if (this.inFlight < this.options.window && this.waiting.length === 0) this.transmit(items);
    else this.waiting.push(items);
  }

  private transmit(items: Array<unknown>): void {
    this.inFlight++;
    this.options.send(items);
  }
}
