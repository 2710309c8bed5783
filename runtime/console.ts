/**
 * PE console output: while a run is going, `console.log` and its kin write to stderr, prefixed
 * with the PE and instance that was running. Stdout carries the results (and, in a stdio host,
 * the frames of the protocol), so a PE that prints must not corrupt it.
 *
 * @module
 */

const encoder = new TextEncoder();

/** Writes one line to stderr, whatever `console` has been redirected to. */
export const stderrLine = (line: string): void => {
  const bytes = encoder.encode(`${line}\n`);
  let off = 0;
  while (off < bytes.length) off += Deno.stderr.writeSync(bytes.subarray(off));
};

const METHODS = ["log", "info", "debug", "warn", "error"] as const;

/** Whatever is running now: the PE and instance to name. */
export type Running = () => { readonly pe: string; readonly instance: number } | undefined;

let depth = 0;
let running: Array<Running> = [];
const saved: Partial<Record<(typeof METHODS)[number], (...args: Array<unknown>) => void>> = {};

const render = (args: ReadonlyArray<unknown>): string =>
  args.map((a) => (typeof a === "string" ? a : Deno.inspect(a, { colors: false }))).join(" ");

/**
 * Sends console output to stderr, prefixed by what `current` says is running; returns the
 * function that undoes it. Nested redirections (two runs at once in one process) stack.
 *
 * @example
 * ```ts
 * import { redirectConsole } from "./console.ts";
 * const restore = redirectConsole(() => ({ pe: "count", instance: 1 }));
 * console.log("hello"); // stderr: "count (instance 1): hello"
 * restore();
 * typeof console.log; // => "function"
 * ```
 */
export const redirectConsole = (current: Running): () => void => {
  running.push(current);
  if (depth++ === 0) {
    for (const m of METHODS) {
      saved[m] = console[m];
      console[m] = (...args: Array<unknown>) => {
        const at = running[running.length - 1]?.();
        stderrLine(at ? `${at.pe} (instance ${at.instance}): ${render(args)}` : render(args));
      };
    }
  }
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    running = running.filter((r) => r !== current);
    if (--depth === 0) { for (const m of METHODS) console[m] = saved[m]!; }
  };
};
