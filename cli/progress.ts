/**
 * The progress line on stderr: items per PE and the rate, for runs longer than a second.
 *
 * @module
 */

const compact = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(0)}k` : String(n);

/**
 * One progress line: elapsed time, processed counts per PE, and the total rate.
 *
 * @example
 * ```ts
 * import { progressLine } from "./progress.ts";
 * progressLine({ read: 1, count: 2_500_000 }, 2000); // => "2.0s  read 1  count 2.5M  (1.3M items/s)"
 * ```
 */
export const progressLine = (processed: Readonly<Record<string, number>>, millis: number): string => {
  const total = Object.values(processed).reduce((a, b) => a + b, 0);
  const parts = Object.entries(processed).map(([pe, n]) => `${pe} ${compact(n)}`);
  return `${(millis / 1000).toFixed(1)}s  ${parts.join("  ")}  (${
    compact(Math.round(total / (millis / 1000)))
  } items/s)`;
};

/** A progress reporter: feed it the run's progress callbacks, stop it at the end. */
export interface Progress {
  readonly onProgress: (processed: () => Readonly<Record<string, number>>) => void;
  stop(): void;
}

/**
 * Starts a progress reporter that prints at most twice a second, from one second on. On a
 * terminal it redraws one line; elsewhere it prints a line each time.
 */
export const startProgress = (enabled: boolean): Progress => {
  const encoder = new TextEncoder();
  const start = performance.now();
  const tty = Deno.stderr.isTerminal();
  let read: (() => Readonly<Record<string, number>>) | undefined;
  let last = 0;
  let shown = false;
  const show = () => {
    const now = performance.now();
    if (!enabled || read === undefined || now - start < 1000 || now - last < 500) return;
    last = now;
    shown = true;
    const line = progressLine(read(), now - start);
    Deno.stderr.writeSync(encoder.encode(tty ? `\r\x1b[K${line}` : `${line}\n`));
  };
  const timer = enabled ? setInterval(show, 250) : undefined;
  return {
    onProgress: (processed) => {
      read = processed;
      show();
    },
    stop: () => {
      if (timer !== undefined) clearInterval(timer);
      if (shown && tty) Deno.stderr.writeSync(encoder.encode("\n"));
    },
  };
};
