import assert from "node:assert/strict";
import { setup } from "./setup.ts";
import { engineTest } from "../tests/engines.ts";
import { mpiUnavailable } from "../targets/mpi/mod.ts";
import { sparkUnavailable } from "../targets/spark/mod.ts";

Deno.test("setup() reports each part, and refuses unknown parts", async () => {
  const results = await setup(["storm"]);
  assert.deepEqual(results.map((r) => [r.part, r.status]), [["storm", "not needed"]]);
  await assert.rejects(setup(["gpu"]), /Unknown setup part "gpu": use browser, mpi, spark, storm or all/);
});

engineTest(
  "setup mpi reports Open MPI present",
  "mpi",
  mpiUnavailable,
  async () => {
    const [r] = await setup(["mpi"]);
    assert.deepEqual([r.part, r.status], ["mpi", "present"]);
  },
);

engineTest(
  "setup spark reports PySpark present, and is quick about it",
  "spark",
  sparkUnavailable,
  async () => {
    const [r] = await setup(["spark"]);
    assert.deepEqual([r.part, r.status], ["spark", "present"]);
  },
);
