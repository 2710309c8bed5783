/**
 * The workflow DSL: define PEs, place them as nodes, connect their typed ports, and compile the
 * workflow to the graph IR.
 *
 * @example Word lengths, from definition to IR
 * ```ts
 * import * as W from "./mod.ts";
 * const words = W.pe(W.producer("words", function* (_i: number) { yield* ["stream", "of", "words"]; }));
 * const length = W.pe(W.fn("length", (w: string) => w.length));
 * const wf = W.workflow("lengths", [W.connect(words.out.output, length.in.input)]);
 * W.compile(wf, "file:///lengths.ts").edges.length; // => 1
 * ```
 *
 * @module
 */
export * from "./pe.ts";
export * from "./port.ts";
export * from "./node.ts";
export * from "./connect.ts";
export * from "./context.ts";
export * from "./generic.ts";
export * from "./iterative.ts";
export * from "./producer.ts";
export * from "./chain.ts";
export * from "./composite.ts";
export * from "./grouping.ts";
export * from "./parts.ts";
export * from "./workflow.ts";
export * from "./stream.ts";
export * from "./compile.ts";
