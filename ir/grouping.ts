/**
 * Groupings: how a stream is spread over the instances of the receiving PE. A grouping belongs to
 * an edge in the IR and is declared on the receiving input in the DSL.
 *
 * @module
 */

/** A groupBy key: fields (tuple indexes or property names) of the data unit, or a function in the PE's code. */
export type GroupKey =
  | { readonly _tag: "Fields"; readonly fields: ReadonlyArray<string | number> }
  | { readonly _tag: "Function" };

/**
 * The four groupings of dispel4py, as a tagged union.
 *
 * @example Match on a grouping
 * ```ts
 * import type { Grouping } from "./grouping.ts";
 * const describe = (g: Grouping): string =>
 *   g._tag === "GroupBy" ? "by key" : g._tag;
 * describe({ _tag: "OneToAll" }); // => "OneToAll"
 * ```
 */
export type Grouping =
  | { readonly _tag: "Shuffle" }
  | { readonly _tag: "GroupBy"; readonly key: GroupKey }
  | { readonly _tag: "OneToAll" }
  | { readonly _tag: "AllToOne" };

/**
 * A short human label for a grouping, as drawn on edges and printed in messages.
 *
 * @example Label a groupBy on field 0
 * ```ts
 * import { groupingLabel } from "./grouping.ts";
 * groupingLabel({ _tag: "GroupBy", key: { _tag: "Fields", fields: [0] } }); // => "groupBy [0]"
 * ```
 */
export const groupingLabel = (g: Grouping): string => {
  switch (g._tag) {
    case "Shuffle":
      return "shuffle";
    case "OneToAll":
      return "oneToAll";
    case "AllToOne":
      return "allToOne";
    case "GroupBy":
      return g.key._tag === "Fields" ? `groupBy ${JSON.stringify(g.key.fields)}` : "groupBy fn";
  }
};
