import assert from "node:assert/strict";
import { setup } from "./setup.ts";

Deno.test("setup() reports each part, and refuses unknown parts", async () => {
  const results = await setup(["mpi", "spark", "storm"]);
  assert.deepEqual(results.map((r) => [r.part, r.status]), [["mpi", "not needed"], ["spark", "not needed"], [
    "storm",
    "not needed",
  ]]);
  await assert.rejects(setup(["gpu"]), /Unknown setup part "gpu": use browser, mpi, spark, storm or all/);
});
