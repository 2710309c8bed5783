import assert from "node:assert/strict";
import { Runner } from "./runner.ts";

const row = { case: "c", system: "dispel4ts", target: "simple", n: "", items: 10 };

Deno.test("Runner: the median time, the largest RSS, and WRONG when any run's check fails", async () => {
  const runs = [{ millis: 30, rss: 5 }, { millis: 10, rss: 9, wrong: "count 9" }, { millis: 20, rss: 7 }];
  const runner = new Runner(3, undefined);
  const done = await runner.case(row, () => Promise.resolve(runs.shift()!));
  assert.deepEqual([done.millis, done.rss, done.check], [20, 9, "WRONG: count 9"]);
  assert.deepEqual(runner.rows, [done]);
});

Deno.test("Runner: a run that throws is reported in its row, not timed, and ends that case", async () => {
  let calls = 0;
  const done = await new Runner(3, undefined).case(row, () => {
    calls++;
    return Promise.reject(new Error("dispel4py mpi failed: no mpirun\nmore detail"));
  });
  assert.equal(calls, 1);
  assert.ok(Number.isNaN(done.millis));
  assert.equal(done.check, "FAILED: dispel4py mpi failed: no mpirun");
});
