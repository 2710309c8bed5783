/**
 * dispel4ts: stream-based scientific workflows, written once in TypeScript and run unchanged on
 * one core or many. A re-creation of dispel4py on Deno and Effect.
 *
 * As a command: `deno run -A mod.ts run WF.ts [options]` runs the workflow a module exports;
 * `deno run -A mod.ts dot WF.ts` draws it.
 *
 * @example Count words, grouped by word
 * ```ts
 * import * as W from "./mod.ts";
 * const lines = W.pe(W.producer("lines", function* (_i: number) { yield "to be or not to be"; }));
 * const words = W.pe(W.fn(function* split(line: string) { for (const w of line.split(" ")) yield [w, 1] as [string, number]; }));
 * const count = W.pe(
 *   W.iterative({
 *     name: "count",
 *     state: () => new Map<string, number>(),
 *     process: ([w, n]: [string, number], ctx) => { ctx.state.set(w, (ctx.state.get(w) ?? 0) + n); },
 *     flush: (ctx) => { for (const e of ctx.state) ctx.write("output", e); },
 *   }).pipe(W.groupBy("input", 0)),
 * );
 * const wf = W.workflow("wc", [W.connect(lines.out.output, words.in.input), W.connect(words.out.output, count.in.input)]);
 * (await W.collect(wf)).map((r) => r.data); // => [["to", 2], ["be", 2], ["or", 1], ["not", 1]]
 * ```
 *
 * @module
 */
export * from "./dsl/mod.ts";
export { collect, prepare, type Result, type RunOptions } from "./api/run.ts";
export { main, runCli } from "./cli/main.ts";
export { makeWorkers, simple, targets } from "./targets/mod.ts";
export type { Target } from "./runtime/target.ts";
export { BadInput, CodeNotFound, PeFailure } from "./runtime/errors.ts";
export { parseResultLine, readResults } from "./runtime/json_lines.ts";
export { fromJson, InvalidGraph, toJson } from "./ir/mod.ts";
export type { Graph } from "./ir/mod.ts";

if (import.meta.main) {
  // No top-level await here: the workflow module that `run` imports imports this module in turn,
  // and would wait forever for a module still evaluating.
  import("./cli/command.ts").then(({ command }) => command(Deno.args)).then((code) => Deno.exit(code));
}
