/**
 * The runtime shared by every target: the group-by hash, routing, instance assignment, root
 * inputs, code loading, the executor, instance layout, placement, batching with flow control,
 * typed failures, the data-unit contract, and the codecs for data units (wire, JSON Lines) and
 * failures.
 *
 * @example Route a key the same way on every target
 * ```ts
 * import { instanceForKey } from "./mod.ts";
 * instanceForKey(["dispel4py"], 4) === instanceForKey(["dispel4py"], 4); // => true
 * ```
 *
 * @module
 */
export * from "./hash.ts";
export * from "./routing.ts";
export * from "./assign.ts";
export * from "./inputs.ts";
export * from "./load.ts";
export * from "./errors.ts";
export * from "./executor.ts";
export * from "./layout.ts";
export * from "./placement.ts";
export * from "./outbox.ts";
export * from "./target.ts";
export * from "./data_unit.ts";
export * from "./wire.ts";
export * from "./json_lines.ts";
export * from "./failure_codec.ts";
