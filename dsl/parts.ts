/**
 * What workflows and composites are made of: nodes and connections, possibly in nested arrays.
 *
 * @module
 */
import type { AnyNode, Connection } from "./node.ts";

/** A node, a connection, or a list of them (as `tee` and `merge` return). */
export type Part = AnyNode | Connection | ReadonlyArray<AnyNode | Connection>;

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
