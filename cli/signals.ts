/**
 * Ctrl-C and SIGTERM during a run: the run is aborted, the results so far are written out, and the
 * process exits as a Unix filter killed by that signal would (128 + its number).
 *
 * @module
 */

/** The signals that interrupt a run, with the exit code each gives. */
export const INTERRUPT_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** A signal that interrupts a run. */
export type InterruptSignal = keyof typeof INTERRUPT_EXIT_CODES;

/**
 * A run ended by a signal, after `results` results were written out.
 *
 * @example
 * ```ts
 * import { Interrupted } from "./signals.ts";
 * new Interrupted("SIGINT", 12).message; // => "interrupted by SIGINT: 12 results written"
 * ```
 */
export class Interrupted extends Error {
  constructor(readonly signal: InterruptSignal, readonly results = 0) {
    super(`interrupted by ${signal}: ${results} result${results === 1 ? "" : "s"} written`);
    this.name = "Interrupted";
  }
  /** 128 + the signal's number. */
  get exitCode(): number {
    return INTERRUPT_EXIT_CODES[this.signal];
  }
}

/**
 * Calls `handler` on SIGINT or SIGTERM instead of letting the signal kill the process, until the
 * returned function is called. Signals the platform cannot listen for (SIGTERM on Windows) are
 * left alone.
 *
 * @example Listen during a run, then stop listening
 * ```ts
 * import { onInterrupt } from "./signals.ts";
 * const seen: string[] = [];
 * const stop = onInterrupt((signal) => seen.push(signal));
 * stop();
 * seen; // => []
 * ```
 */
export const onInterrupt = (handler: (signal: InterruptSignal) => void): () => void => {
  const removers: Array<() => void> = [];
  for (const signal of Object.keys(INTERRUPT_EXIT_CODES) as Array<InterruptSignal>) {
    const listener = () => handler(signal);
    try {
      Deno.addSignalListener(signal, listener);
      removers.push(() => Deno.removeSignalListener(signal, listener));
    } catch {
      // Not available here: the signal keeps its default action.
    }
  }
  return () => {
    for (const remove of removers) remove();
  };
};
