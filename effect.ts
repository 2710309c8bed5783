/**
 * The Effect API of dispel4ts: runs as Effects with typed failures. A module of its own because
 * `effect/Effect` takes about 90 ms to load, which plain runs, the command line and every worker
 * need not pay.
 *
 * @module
 */
import * as Effect from "effect/Effect";
import { prepare, type Result, runGraph, type RunOptions } from "./api/run.ts";
import type { Workflow } from "./dsl/workflow.ts";
import { InvalidGraph } from "./ir/validate.ts";
import { BadInput, CodeNotFound, PeFailure, WorkerFailure } from "./runtime/errors.ts";
import type { RunSummary } from "./runtime/executor.ts";

export { WorkerFailure };

/** Everything that can end a run early; anything else a run throws is a defect. */
export type RunError = InvalidGraph | BadInput | CodeNotFound | PeFailure | WorkerFailure;

const isRunError = (e: unknown): e is RunError =>
  e instanceof InvalidGraph || e instanceof BadInput || e instanceof CodeNotFound || e instanceof PeFailure ||
  e instanceof WorkerFailure;

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
export const run = (
  wf: Workflow,
  options: RunOptions = {},
): Effect.Effect<{ results: Array<Result>; summary: RunSummary }, RunError> =>
  Effect.tryPromise({
    // Interrupting the Effect aborts the signal, which ends the run and stops its workers.
    try: async (signal) => {
      const { graph, loaded } = prepare(wf, options.module);
      return await runGraph(graph, loaded, { ...options, signal });
    },
    catch: (e) => {
      if (isRunError(e)) return e;
      throw e; // not a failure the caller can handle: a defect
    },
  });
