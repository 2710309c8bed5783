/**
 * The benchmark pipeline: `numbers -> double -> addOne -> sink`. `numbers` takes a count and
 * yields 0..count-1; `sink` writes `[count, sum]` at end of stream (sum = count², a check).
 *
 *     deno run -A bench/pipeline.ts -d '{"numbers": [1000000]}'
 *
 * @module
 */
import * as W from "../mod.ts";

/** The source and the sink, shared with `stream_pipeline.ts`. */
export const numbers = W.fn("numbers", function* (n: number) {
  for (let i = 0; i < n; i++) yield i;
});
const double = W.pe(W.fn("double", function (x: number) {
  return x * 2;
}));
const addOne = W.pe(W.fn("addOne", function (x: number) {
  return x + 1;
}));
export const sink = W.iterative<number, [number, number], { count: number; sum: number }>({
  name: "sink",
  state: () => ({ count: 0, sum: 0 }),
  process: (x, ctx) => {
    ctx.state.count++;
    ctx.state.sum += x;
  },
  flush: (ctx) => {
    ctx.write("output", [ctx.state.count, ctx.state.sum]);
  },
});

const source = W.pe(numbers);
const end = W.pe(sink);
export const workflow = W.workflow("pipeline", [
  W.connect(source.out.output, double.in.input),
  W.connect(double.out.output, addOne.in.input),
  W.connect(addOne.out.output, end.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
