/**
 * Groupings set on a PE's input, and its instance count. Each combinator works data-first
 * (`W.groupBy(pe, "input", key)`) or in a pipe (`pe.pipe(W.groupBy("input", key))`).
 *
 * @module
 */
import { dual } from "effect/Function";
import type { Grouping } from "../ir/grouping.ts";
import { modifyPe, type Pe, type Ports } from "./pe.ts";

/** A groupBy key: a function of the data unit, a field (tuple index or property name), or several fields. */
export type KeySpec<A> = ((data: A) => unknown) | number | string | ReadonlyArray<number | string>;

const setGrouping = <In extends Ports, Out extends Ports, E>(
  self: Pe<In, Out, E>,
  port: string,
  grouping: Grouping,
  key?: (data: unknown) => unknown,
): Pe<In, Out, E> => {
  if (!self.inputs.includes(port)) {
    throw new TypeError(
      `PE "${self.name}" has no input port "${port}" (its inputs: ${self.inputs.join(", ") || "none"})`,
    );
  }
  if (self.body._tag === "Composite") {
    throw new TypeError(`Cannot set a grouping on composite "${self.name}": set it on the inner PE's input`);
  }
  return modifyPe(self, { groupings: { ...self.groupings, [port]: key ? { grouping, key } : { grouping } } });
};

/**
 * Groups the data units arriving on `port` by key: equal keys always reach the same instance,
 * on every target, through the shared deterministic hash (see `runtime/hash.ts`).
 *
 * @example Count words by the word in field 0
 * ```ts
 * import * as W from "./mod.ts";
 * const counter = W.fn("count", (pair: [string, number]) => pair).pipe(W.groupBy("input", 0));
 * counter.groupings.input.grouping; // => { _tag: "GroupBy", key: { _tag: "Fields", fields: [0] } }
 * ```
 *
 * @example A key function, typed by the input in a pipe as data-first
 * ```ts
 * import * as W from "./mod.ts";
 * const byLength = W.fn("echo", (w: string) => w).pipe(W.groupBy("input", (w) => w.length));
 * byLength.groupings.input.key?.("four"); // => 4
 * ```
 */
export const groupBy: {
  // In a pipe, `In` is inferred from the PE the pipe passes (as Effect's data-last combinators
  // infer theirs), so that the key function is typed by the input as in the data-first form.
  <In extends Ports, P extends keyof In & string>(
    port: P,
    key: (data: In[P]) => unknown,
  ): <Out extends Ports, E>(self: Pe<In, Out, E>) => Pe<In, Out, E>;
  // Outside a pipe there is no PE to infer from: fields fit any PE with the port, and a key
  // function any PE whose input its parameter accepts.
  <P extends string>(
    port: P,
    key: number | string | ReadonlyArray<number | string>,
  ): <In extends Ports & Record<P, unknown>, Out extends Ports, E>(self: Pe<In, Out, E>) => Pe<In, Out, E>;
  <P extends string, A>(
    port: P,
    key: (data: A) => unknown,
  ): <In extends Ports & Record<P, A>, Out extends Ports, E>(self: Pe<In, Out, E>) => Pe<In, Out, E>;
  <In extends Ports, Out extends Ports, E, P extends keyof In & string>(
    self: Pe<In, Out, E>,
    port: P,
    key: KeySpec<In[P]>,
  ): Pe<In, Out, E>;
} = dual(
  3,
  <In extends Ports, Out extends Ports, E>(self: Pe<In, Out, E>, port: string, key: KeySpec<unknown>) => {
    if (typeof key === "function") {
      return setGrouping(
        self,
        port,
        { _tag: "GroupBy", key: { _tag: "Function" } },
        key as (d: unknown) => unknown,
      );
    }
    const fields = Array.isArray(key) ? key : [key as string | number];
    return setGrouping(self, port, { _tag: "GroupBy", key: { _tag: "Fields", fields } });
  },
);

const simple = (tag: "Shuffle" | "OneToAll" | "AllToOne") =>
  dual(
    2,
    <In extends Ports, Out extends Ports, E>(self: Pe<In, Out, E>, port: string) =>
      setGrouping(self, port, { _tag: tag }),
  );

type PortCombinator = {
  <P extends string>(
    port: P,
  ): <In extends Ports & Record<P, unknown>, Out extends Ports, E>(self: Pe<In, Out, E>) => Pe<In, Out, E>;
  <In extends Ports, Out extends Ports, E>(self: Pe<In, Out, E>, port: keyof In & string): Pe<In, Out, E>;
};

/**
 * Every instance of the PE receives every data unit arriving on `port` (a broadcast).
 *
 * @example
 * ```ts
 * import * as W from "./mod.ts";
 * const each = W.oneToAll(W.fn("each", (x: number) => x), "input");
 * each.groupings.input.grouping; // => { _tag: "OneToAll" }
 * ```
 */
export const oneToAll: PortCombinator = simple("OneToAll");

/**
 * Every data unit arriving on `port` goes to instance 0 (a global reduction).
 *
 * @example
 * ```ts
 * import * as W from "./mod.ts";
 * const total = W.fn("total", (x: number) => x).pipe(W.allToOne("input"));
 * total.groupings.input.grouping; // => { _tag: "AllToOne" }
 * ```
 */
export const allToOne: PortCombinator = simple("AllToOne");

/**
 * Round-robin over the instances: the default for every input.
 *
 * @example
 * ```ts
 * import * as W from "./mod.ts";
 * W.shuffle(W.fn("f", (x: number) => x), "input").groupings.input.grouping; // => { _tag: "Shuffle" }
 * ```
 */
export const shuffle: PortCombinator = simple("Shuffle");

/**
 * Asks for `n` instances of the PE on targets that run instances (an explicit count wins over the
 * target's share).
 *
 * @example
 * ```ts
 * import * as W from "./mod.ts";
 * W.fn("f", (x: number) => x).pipe(W.instances(3)).instances; // => 3
 * ```
 */
export const instances: {
  (n: number): <In extends Ports, Out extends Ports, E>(self: Pe<In, Out, E>) => Pe<In, Out, E>;
  <In extends Ports, Out extends Ports, E>(self: Pe<In, Out, E>, n: number): Pe<In, Out, E>;
} = dual(2, <In extends Ports, Out extends Ports, E>(self: Pe<In, Out, E>, n: number) => {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`Invalid instance count ${n} for PE "${self.name}": use a whole number >= 1`);
  }
  return modifyPe(self, { instances: n });
});
