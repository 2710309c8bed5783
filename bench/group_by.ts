/**
 * GroupBy over many keys: `keys` yields `[i % keys, 1]` pairs, `count` counts them grouped by key
 * and writes `[key, count]` at end of stream, `total` (one instance) writes `[distinct, total]`.
 *
 *     deno run -A bench/group_by.ts -d '{"keys": [[1000000, 10000]]}'
 *
 * @module
 */
import * as W from "../mod.ts";

const keys = W.pe(
  W.fn("keys", function* ([n, distinct]: [number, number]) {
    for (let i = 0; i < n; i++) yield [i % distinct, 1] as [number, number];
  }),
  "keys",
);
const count = W.pe(
  W.iterative<[number, number], [number, number], Map<number, number>>({
    name: "count",
    state: () => new Map(),
    process: ([key, n], ctx) => {
      ctx.state.set(key, (ctx.state.get(key) ?? 0) + n);
    },
    flush: (ctx) => {
      for (const pair of ctx.state) ctx.write("output", pair);
    },
  }).pipe(W.groupBy("input", 0)),
  "count",
);
const total = W.pe(
  W.iterative<[number, number], [number, number], { distinct: number; total: number }>({
    name: "total",
    state: () => ({ distinct: 0, total: 0 }),
    process: ([, n], ctx) => {
      ctx.state.distinct++;
      ctx.state.total += n;
    },
    flush: (ctx) => {
      ctx.write("output", [ctx.state.distinct, ctx.state.total]);
    },
  }).pipe(W.allToOne("input"), W.instances(1)),
  "total",
);

export const workflow = W.workflow("group_by", [
  W.connect(keys.out.output, count.in.input),
  W.connect(count.out.output, total.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
