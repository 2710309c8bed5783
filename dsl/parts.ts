/**
 * What workflows and composites are made of: nodes and connections, possibly in nested arrays.
 *
 * @module
 */
import type { AnyNode, Connection, PeNode } from "./node.ts";

/** A node, a connection, or a list of them (as `tee` and `merge` return). */
export type Part = AnyNode | Connection | ReadonlyArray<AnyNode | Connection>;

/** The errors the PEs of some parts may fail with: the union of theirs. */
export type ErrorOf<P> = P extends ReadonlyArray<infer Q> ? ErrorOf<Q>
  : P extends Connection<infer E> ? E
  // deno-lint-ignore no-explicit-any
  : P extends PeNode<any, any, infer E> ? E
  : never;

/** The distinct nodes named by some parts, in first-mention order. */
export const collectNodes = (parts: ReadonlyArray<Part>): Array<AnyNode> => {
  const seen = new Set<AnyNode>();
  for (const part of parts.flat()) {
    if (part._tag === "Connection") {
      seen.add(part.from.node);
      seen.add(part.to.node);
    } else seen.add(part);
  }
  return [...seen];
};
