/**
 * The Effect API of dispel4ts: runs as Effects with typed failures. A module of its own because
 * `effect/Effect` takes about 90 ms to load, which plain runs, the command line and every worker
 * need not pay.
 *
 * @module
 */
import * as Effect from "effect/Effect";
import * as Queue from "effect/Queue";
import * as Stream from "effect/Stream";
import { prepare, type Result, runGraph, type RunOptions } from "./api/run.ts";
import type { Workflow } from "./dsl/workflow.ts";
import { InvalidGraph } from "./ir/validate.ts";
import { BadInput, CodeNotFound, PeFailure, WorkerFailure } from "./runtime/errors.ts";
import type { RunSummary } from "./runtime/executor.ts";

export { WorkerFailure };

/**
 * An error with a `_tag` that a PE raised (an Effect `Data.TaggedError`), on whatever target it
 * ran, from a PE whose type does not say it (a callback PE that throws one). The errors Effect PEs
 * declare are in a workflow's type, and typed as such.
 */
export interface TaggedPeError extends Error {
  readonly _tag: string;
  readonly [field: string]: unknown;
}

/**
 * Everything that can end a run early; anything else a run throws is a defect. A PE that raised
 * a tagged error fails the run with that error itself (rebuilt, with its `_tag` and fields,
 * where it crossed a process boundary), so `Effect.catchTag` handles it by its own tag; the
 * {@link PeFailure} that says where it happened is {@link peFailureOf} it.
 */
export type RunError = RunErrorOf<never>;

/**
 * What a run of a `Workflow<E>` can fail with: the run's own failures, and the errors its Effect
 * PEs declare (`E`), each typed as the PE declared it. In a workflow that declares none, a tagged
 * error a callback PE throws is a {@link TaggedPeError}; where PEs declare theirs, handle such
 * undeclared ones as what they are at run time, or declare them (an Effect PE, `Effect.fail`).
 */
export type RunErrorOf<E> =
  | InvalidGraph
  | BadInput
  | CodeNotFound
  | PeFailure
  | WorkerFailure
  | ([E] extends [never] ? TaggedPeError : E);

const isRunError = (e: unknown): e is RunError =>
  e instanceof InvalidGraph || e instanceof BadInput || e instanceof CodeNotFound || e instanceof PeFailure ||
  e instanceof WorkerFailure;

const where = new WeakMap<object, PeFailure>();

/**
 * The PE, instance and data unit behind a tagged error that a PE raised.
 *
 * @example
 * ```ts
 * import * as Data from "effect/Data";
 * import * as Effect from "effect/Effect";
 * import * as W from "./mod.ts";
 * import { peFailureOf, run } from "./effect.ts";
 * class Clipped extends Data.TaggedError("Clipped")<{ readonly level: number }> {}
 * const p = W.pe(W.producer("p", (i: number) => i));
 * const check = W.pe(W.fn("check", (x: number) => Effect.fail(new Clipped({ level: x }))));
 * const wf = W.workflow("clips", [W.connect(p.out.output, check.in.input)]);
 * await Effect.runPromise(run(wf).pipe(
 *   Effect.map(() => "no failure"),
 *   Effect.catchTag("Clipped", (e) => Effect.succeed(`level ${e.level} in ${peFailureOf(e)?.pe}`)),
 * )); // => "level 0 in check"
 * ```
 */
export const peFailureOf = (e: object): PeFailure | undefined => where.get(e);

const surface = (e: RunError): RunError => {
  if (!(e instanceof PeFailure)) return e;
  const original = e.error;
  if (!(original instanceof Error) || typeof (original as Partial<TaggedPeError>)._tag !== "string") return e;
  where.set(original, e);
  return original as TaggedPeError;
};

/**
 * Runs a workflow and returns its results and summary, with typed failures.
 *
 * @example Square three numbers
 * ```ts
 * import * as Effect from "effect/Effect";
 * import * as W from "./mod.ts";
 * import { run } from "./effect.ts";
 * const p = W.pe(W.producer("p", (i: number) => i + 1));
 * const sq = W.pe(W.fn("sq", (x: number) => x * x));
 * const wf = W.workflow("squares", [W.connect(p.out.output, sq.in.input)]);
 * const { results } = await Effect.runPromise(run(wf, { iterations: 3 }));
 * results.map((r) => r.data); // => [1, 4, 9]
 * ```
 */
export const run = <E>(
  wf: Workflow<E>,
  options: RunOptions = {},
): Effect.Effect<{ results: Array<Result>; summary: RunSummary }, RunErrorOf<E>> =>
  Effect.tryPromise({
    // Interrupting the Effect aborts the signal, which ends the run and stops its workers.
    try: async (signal) => {
      const { graph, loaded } = prepare(wf, options.module);
      return await runGraph(graph, loaded, { ...options, signal });
    },
    catch: asRunError<E>,
  });

/** A run's failure as its caller sees it; a declared PE error is the PE's own (see `surface`). */
const asRunError = <E>(e: unknown): RunErrorOf<E> => {
  if (isRunError(e)) return surface(e) as RunErrorOf<E>;
  throw e; // not a failure the caller can handle: a defect
};

/**
 * Runs a workflow as a `Stream` of its results, emitted as they are produced. The stream pulls:
 * when its consumer is slow, the run's writers wait (at most 4,096 results are buffered).
 * Interrupting it (or ending it early, with `Stream.take`, say) stops the run and its processes.
 *
 * @example The first two squares of an endless-looking run
 * ```ts
 * import * as Effect from "effect/Effect";
 * import * as Stream from "effect/Stream";
 * import * as W from "./mod.ts";
 * import { runStream } from "./effect.ts";
 * const p = W.pe(W.producer("p", (i: number) => i * i));
 * const wf = W.workflow("squares", [p]);
 * const first = await Effect.runPromise(runStream(wf, { iterations: 1_000_000 }).pipe(Stream.take(2), Stream.runCollect));
 * first.map((r) => r.data); // => [0, 1]
 * ```
 */
export const runStream = <E>(
  wf: Workflow<E>,
  options: Omit<RunOptions, "onResult"> = {},
): Stream.Stream<Result, RunErrorOf<E>> =>
  Stream.callback<Result, RunErrorOf<E>>((queue) =>
    Effect.tryPromise({
      try: async (signal) => {
        const { graph, loaded } = prepare(wf, options.module);
        await runGraph(graph, loaded, {
          ...options,
          signal,
          onResult: (r) => Queue.offerUnsafe(queue, r) ? undefined : Effect.runPromise(Queue.offer(queue, r)),
        });
      },
      catch: asRunError<E>,
    }).pipe(Effect.andThen(Queue.end(queue))), { bufferSize: 4096 });
