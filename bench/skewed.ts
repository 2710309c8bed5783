/**
 * The bench's skewed pipeline: `numbers -> heavy -> light -> sink`, where `heavy` does ten times
 * the arithmetic of `light` per data unit, and `sink` (fed allToOne) writes `[count, sum]`.
 * With `-n 4` every PE gets one instance; the allocation `--plan-from` suggests gives `heavy`
 * more.
 *
 *     deno run -A bench/skewed.ts -d '{"numbers": [50000]}' -t workers -n 4 --monitor
 *
 * @module
 */
import * as W from "../mod.ts";
import { numbers } from "./pipeline.ts";

/** `rounds` steps of arithmetic the optimiser cannot drop; returns `x`. */
const work = (x: number, rounds: number): number => {
  let h = x | 0;
  for (let i = 0; i < rounds; i++) h = (Math.imul(h, 1103515245) + 12345) | 0;
  return h === 0.5 ? -1 : x;
};

const source = W.pe(numbers);
const heavy = W.pe(W.fn("heavy", (x: number) => work(x, 20_000)));
const light = W.pe(W.fn("light", (x: number) => work(x, 2_000)));
const sink = W.pe(
  W.iterative<number, [number, number], { count: number; sum: number }>({
    name: "sink",
    state: () => ({ count: 0, sum: 0 }),
    process: (x, ctx) => {
      ctx.state.count++;
      ctx.state.sum += x;
    },
    flush: (ctx) => ctx.write("output", [ctx.state.count, ctx.state.sum]),
  }).pipe(W.allToOne("input")),
);
export const workflow = W.workflow("skewed", [
  W.connect(source.out.output, heavy.in.input),
  W.connect(heavy.out.output, light.in.input),
  W.connect(light.out.output, sink.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
