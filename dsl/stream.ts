/**
 * Stream PEs: a PE written as a transformation of its input stream, with Effect's `Stream`.
 *
 * Each instance runs the transformation once, over that instance's share of the input: data
 * units are handed to the stream in chunks (through a bounded queue, so a fast producer waits
 * for a slow stream), and every element of the output stream is written to `output`. Stream PEs
 * group, compose, partition and run on every target like any PE; what they require comes from
 * the workflow's Layer (see `provide`).
 *
 * @module
 */
import type * as Cause from "effect/Cause";
import type * as Effect from "effect/Effect";
import type * as Fiber from "effect/Fiber";
import type * as Queue from "effect/Queue";
import type * as Stream from "effect/Stream";
import type { PeContext, PeInstance } from "../ir/code.ts";
import { type EffectRunner, loadEffect, runnerOf } from "./services.ts";
import { makePe, type Pe } from "./pe.ts";

/** Data units handed to the stream at a time, and how many chunks may wait for it. */
const CHUNK = 4096;
const CAPACITY = 8;

/** Effect's modules, loaded on the first Stream PE instance: plain workflows never pay for them. */
const modules = () =>
  Promise.all([
    import("effect/Effect"),
    import("effect/Stream"),
    import("effect/Queue"),
    import("effect/Cause"),
  ]).then(([Effect, Stream, Queue, Cause]) => ({ Effect, Stream, Queue, Cause }));
let loaded: ReturnType<typeof modules> | undefined;

/** The typed transformation a Stream PE runs. */
export type StreamTransform<A, B, E, R> = (input: Stream.Stream<A>) => Stream.Stream<B, E, R>;

const instance = <A, B, E, R>(transform: StreamTransform<A, B, E, R>): PeInstance => {
  /** Chunks of the input, each a non-empty array: the stream takes them whole. */
  let queue: Queue.Queue<[A, ...Array<A>], Cause.Done> | undefined;
  let buffer: Array<A> = [];
  let failure: { readonly error: unknown } | undefined;
  let ended: Promise<void> | undefined;
  let run: EffectRunner | undefined;
  let offer1: ((chunk: [A, ...Array<A>]) => Effect.Effect<unknown>) | undefined;
  let offer1Unsafe: ((chunk: [A, ...Array<A>]) => boolean) | undefined;
  let scheduled = false;
  let stop: (() => void) | undefined;

  /** Hands the buffered data units to the stream; a promise while the queue is full. */
  const offer = (): void | Promise<void> => {
    scheduled = false;
    if (buffer.length === 0 || queue === undefined) return;
    const chunk = buffer as [A, ...Array<A>];
    buffer = [];
    if (offer1Unsafe!(chunk)) return;
    return run!.promise(offer1!(chunk)).then(() => undefined);
  };

  return {
    async setup(ctx: PeContext) {
      const { Effect, Stream, Queue, Cause } = await (loaded ??= modules());
      await loadEffect();
      run = runnerOf(ctx.services);
      const q = Effect.runSync(Queue.make<[A, ...Array<A>], Cause.Done>({ capacity: CAPACITY }));
      queue = q;
      offer1 = (chunk) => Queue.offer(q, chunk);
      offer1Unsafe = (chunk) => Queue.offerUnsafe(q, chunk);
      const writeAll = (chunk: ReadonlyArray<B>): Effect.Effect<void> => {
        for (let i = 0; i < chunk.length; i++) {
          const pending = ctx.write("output", chunk[i]);
          if (pending !== undefined) {
            const next = i + 1;
            return Effect.flatMap(Effect.promise(() => pending), () => writeAll(chunk.slice(next)));
          }
        }
        return Effect.void;
      };
      const fiber: Fiber.Fiber<void, E> = run.fork(
        Stream.runForEachArray(
          transform(Stream.flattenArray(Stream.fromQueue(q))),
          writeAll,
        ) as Effect.Effect<
          void,
          E,
          never
        >,
      );
      stop = () => fiber.interruptUnsafe();
      ended = new Promise<void>((resolve, reject) =>
        fiber.addObserver((exit) => {
          if (exit._tag === "Success") return resolve();
          const error = Cause.squash(exit.cause);
          failure = { error };
          reject(error);
        })
      );
      ended.catch(() => {});
    },
    process(_port, data) {
      if (failure !== undefined) throw failure.error;
      buffer.push(data as A);
      if (buffer.length >= CHUNK) return offer();
      // A slow stream still moves: what is buffered goes once this turn of the event loop ends.
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(() => {
          if (scheduled) void offer();
        });
      }
    },
    async flush() {
      await offer();
      if (queue !== undefined) {
        const { Queue } = await loaded!;
        Queue.endUnsafe(queue);
      }
      await ended;
    },
    // After a flush the stream has ended; a run that ended early stops it where it is.
    close() {
      stop?.();
    },
  };
};

/**
 * Defines a Stream PE with ports `input` and `output`: `transform` receives the instance's input
 * as a `Stream` and returns the stream whose elements are written to `output`. It may fail with
 * a typed error (the run fails with it, `Effect.catchTag` finds it) and require services, which
 * the workflow provides with a Layer.
 *
 * @example Words of lines, lower-cased, as a Stream PE
 * ```ts
 * import * as Stream from "effect/Stream";
 * import * as W from "../mod.ts";
 * const words = W.stream("words", (lines: Stream.Stream<string>) =>
 *   lines.pipe(Stream.flatMap((line) => Stream.fromArray(line.toLowerCase().split(/\W+/).filter(Boolean)))));
 * const lines = W.pe(W.producer("lines", (_i: number) => "To be, or not"));
 * const wf = W.workflow("words", [W.connect(lines.out.output, W.pe(words).in.input)]);
 * (await W.collect(wf)).map((r) => r.data); // => ["to", "be", "or", "not"]
 * ```
 */
export const stream = <A, B, E = never, R = never>(
  name: string,
  transform: StreamTransform<A, B, E, R>,
): Pe<{ input: A }, { output: B }, E> =>
  makePe<{ input: A }, { output: B }, E>({
    name,
    inputs: ["input"],
    outputs: ["output"],
    groupings: {},
    body: { _tag: "Atomic", kind: "stream", make: () => instance(transform) },
  });
