/**
 * A CPU-bound workflow: `jobs` yields job numbers, `work` spends about 2 ms of arithmetic on each
 * and writes `[job, checksum]`.
 *
 *     deno run -A bench/cpu.ts -d '{"jobs": [2000]}' --target workers -n 2
 *
 * @module
 */
import * as W from "../mod.ts";

/** Iterations of the inner loop that take about 2 ms on the development machine. */
export const SPIN = 72_000;

const jobs = W.pe(
  W.fn("jobs", function* (n: number) {
    for (let i = 0; i < n; i++) yield i;
  }),
  "jobs",
);
const work = W.pe(
  W.fn("work", (i: number): [number, number] => {
    let x = i;
    for (let k = 0; k < SPIN; k++) x = (x * 1103515245 + 12345) % 2147483648;
    return [i, x];
  }),
  "work",
);
export const workflow = W.workflow("cpu", [W.connect(jobs.out.output, work.in.input)]);

if (import.meta.main) await W.main(import.meta, workflow);
