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
import { numbers, sink } from "./pipeline.ts";

const double = W.pe(W.stream("double", (xs: Stream.Stream<number>) => xs.pipe(Stream.map((x) => x * 2))));
const addOne = W.pe(W.stream("addOne", (xs: Stream.Stream<number>) => xs.pipe(Stream.map((x) => x + 1))));
const source = W.pe(numbers);
const end = W.pe(sink);

export const workflow = W.workflow("stream_pipeline", [
  W.connect(source.out.output, double.in.input),
  W.connect(double.out.output, addOne.in.input),
  W.connect(addOne.out.output, end.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
