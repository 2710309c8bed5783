/**
 * Stalls: a PE call whose promise never settles while the rest of the run is idle. The run then
 * names the call it waits on, and with a stall timeout fails instead of waiting for ever. Every
 * target watches the same way, from the processed counts and the oldest unsettled call.
 *
 * @module
 */
import { PeFailure } from "./errors.ts";
import type { Waiting } from "./host_protocol.ts";

/** Idle milliseconds before a stalled call is named. */
export const STALL_NOTICE = 3000;
const TICK = 250;

/** What the watcher reads: processed data units so far and the oldest unsettled PE call. */
export interface StallState {
  readonly processed: number;
  readonly waiting: Waiting | undefined;
}

/** Options of {@link watchStalls}. */
export interface StallOptions {
  readonly read: () => StallState;
  /** Seconds of stall before the run fails (default: never). */
  readonly timeout?: number;
  /** Where the notice goes. */
  readonly notice: (line: string) => void;
  /** Called once with the failure when the timeout passes. */
  readonly fail: (e: PeFailure) => void;
}

/**
 * Watches a run for stalls until the returned function is called. Its timer also keeps the
 * process alive while a PE waits on a promise nothing else will settle.
 *
 * @example A run whose only call never settles fails after its timeout
 * ```ts
 * import { watchStalls } from "./stall.ts";
 * const waiting = { pe: "fetch", instance: 0, data: '"url"', millis: 60_000 };
 * const failed = Promise.withResolvers<string>();
 * const stop = watchStalls({ read: () => ({ processed: 1, waiting }), timeout: 0.3, notice: () => {}, fail: (e) => failed.resolve(e.message) });
 * await failed.promise; // => 'PE "fetch" instance 0 failed on data unit "url": did not settle within 0.3 s while the rest of the run was idle (--stall-timeout)'
 * stop();
 * ```
 */
export const watchStalls = (options: StallOptions): () => void => {
  let last = -1;
  let since = performance.now();
  let noticed = "";
  let failed = false;
  const timer = setInterval(() => {
    const { processed, waiting } = options.read();
    const now = performance.now();
    if (processed !== last || waiting === undefined) {
      last = processed;
      since = now;
      return;
    }
    const idle = Math.min(now - since, waiting.millis);
    const key = `${waiting.pe}\0${waiting.instance}\0${waiting.data}`;
    const timeout = options.timeout;
    if (timeout !== undefined && idle >= timeout * 1000 && !failed) {
      failed = true;
      options.fail(
        new PeFailure({
          pe: waiting.pe,
          instance: waiting.instance,
          phase: "process",
          data: waiting.data,
          cause: `did not settle within ${timeout} s while the rest of the run was idle (--stall-timeout)`,
        }),
      );
    } else if (idle >= STALL_NOTICE && noticed !== key) {
      noticed = key;
      options.notice(
        `waiting on PE "${waiting.pe}" instance ${waiting.instance}, data unit ${waiting.data}: ` +
          `its call has not settled for ${(idle / 1000).toFixed(0)} s and the rest of the run is idle` +
          (timeout === undefined ? " (--stall-timeout S fails the run instead)" : ""),
      );
    }
  }, TICK);
  return () => clearInterval(timer);
};
