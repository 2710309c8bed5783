/**
 * Routing: which instances of the receiving PE get a data unit, for each grouping. Shared by
 * every target.
 *
 * @module
 */
import type { Grouping, GroupKey } from "../ir/grouping.ts";
import { instanceForKey } from "./hash.ts";

/** Returned by a chooser when every instance receives the data unit. */
export const ALL = -1;

/** Picks the receiving instance index for a data unit, or {@link ALL}. */
export type Chooser = (data: unknown) => number;

/**
 * The key function of a fields key: one field gives its value, several give a tuple.
 *
 * @example
 * ```ts
 * import { fieldsKey } from "./routing.ts";
 * fieldsKey([0])(["word", 1]); // => "word"
 * fieldsKey(["a", "b"])({ a: 1, b: 2, c: 3 }); // => [1, 2]
 * ```
 */
export const fieldsKey = (fields: ReadonlyArray<string | number>): (data: unknown) => unknown => {
  if (fields.length === 1) {
    const f = fields[0];
    return (data) => (data as Record<string | number, unknown>)[f];
  }
  return (data) => fields.map((f) => (data as Record<string | number, unknown>)[f]);
};

/** The key function of a groupBy: from its fields, or the PE's own function. */
export const keyFunction = (
  key: GroupKey,
  codeKey: ((data: unknown) => unknown) | undefined,
): (data: unknown) => unknown => {
  if (key._tag === "Fields") return fieldsKey(key.fields);
  if (codeKey === undefined) throw new TypeError("groupBy key function is missing from the PE's code");
  return codeKey;
};

/**
 * A chooser for one sending instance on one edge. Shuffle is round-robin, starting at the sending
 * instance's index so that several senders spread their first items; groupBy hashes the key
 * (see `hash.ts`); allToOne is instance 0; oneToAll is {@link ALL}.
 *
 * @example Shuffle and groupBy over 3 instances
 * ```ts
 * import { chooser } from "./routing.ts";
 * const rr = chooser({ _tag: "Shuffle" }, 3, 1);
 * [rr(0), rr(0), rr(0), rr(0)]; // => [1, 2, 0, 1]
 * const byWord = chooser({ _tag: "GroupBy", key: { _tag: "Fields", fields: [0] } }, 3, 0);
 * byWord(["dispel4py", 1]) === byWord(["dispel4py", 7]); // => true
 * ```
 */
export const chooser = (
  grouping: Grouping,
  instances: number,
  sender: number,
  codeKey?: (data: unknown) => unknown,
): Chooser => {
  switch (grouping._tag) {
    case "OneToAll":
      return instances === 1 ? () => 0 : () => ALL;
    case "AllToOne":
      return () => 0;
    case "GroupBy": {
      if (instances === 1) return () => 0;
      const key = keyFunction(grouping.key, codeKey);
      return (data) => instanceForKey(key(data), instances);
    }
    case "Shuffle": {
      if (instances === 1) return () => 0;
      let next = sender % instances;
      return () => {
        const i = next;
        next = i + 1 === instances ? 0 : i + 1;
        return i;
      };
    }
  }
};
