/**
 * The graph IR: data types, validation, JSON form and graph queries. Targets depend on this
 * folder and `runtime/`, never on `dsl/`.
 *
 * @example Validate and round-trip an empty graph
 * ```ts
 * import { fromJson, IR_VERSION, toJson } from "./mod.ts";
 * const g = { version: IR_VERSION, name: "empty", module: "file:///wf.ts", nodes: [], edges: [] } as const;
 * fromJson(toJson(g)).name; // => "empty"
 * ```
 *
 * @module
 */
export * from "./graph.ts";
export * from "./grouping.ts";
export * from "./code.ts";
export * from "./validate.ts";
export * from "./json.ts";
export * from "./topology.ts";
