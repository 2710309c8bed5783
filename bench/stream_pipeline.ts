/**
 * The benchmark pipeline with its two middle PEs written as Stream PEs:
 * `numbers -> double -> addOne -> sink`, the same results as `bench/pipeline.ts`.
 *
 *     deno run -A bench/stream_pipeline.ts -d '{"numbers": [1000000]}'
 *
 * @module
 */
import * as Stream from "effect/Stream";
import * as W from "../mod.ts";

const numbers = W.pe(W.fn("numbers", function* (n: number) {
  for (let i = 0; i < n; i++) yield i;
}));
const double = W.pe(W.stream("double", (xs: Stream.Stream<number>) => xs.pipe(Stream.map((x) => x * 2))));
const addOne = W.pe(W.stream("addOne", (xs: Stream.Stream<number>) => xs.pipe(Stream.map((x) => x + 1))));
const sink = W.pe(
  W.iterative<number, [number, number], { count: number; sum: number }>({
    name: "sink",
    state: () => ({ count: 0, sum: 0 }),
    process: (x, ctx) => {
      ctx.state.count++;
      ctx.state.sum += x;
    },
    flush: (ctx) => {
      ctx.write("output", [ctx.state.count, ctx.state.sum]);
    },
  }),
  "sink",
);

export const workflow = W.workflow("stream_pipeline", [
  W.connect(numbers.out.output, double.in.input),
  W.connect(double.out.output, addOne.in.input),
  W.connect(addOne.out.output, sink.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
