import assert from "node:assert/strict";
import { setup } from "./setup.ts";
import { engineTest } from "../tests/engines.ts";
import { mpiUnavailable } from "../targets/mpi/mod.ts";
import { sparkUnavailable } from "../targets/spark/mod.ts";
import { launcherStale } from "../targets/storm/build.ts";
import { stormMissing } from "../targets/storm/launcher.ts";

Deno.test("setup() refuses unknown parts", async () => {
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

engineTest(
  "setup storm finds a JDK, Maven and a launcher newer than its sources",
  "storm",
  stormMissing,
  async () => {
    const [r] = await setup(["storm"]);
    assert.deepEqual([r.part, r.status], ["storm", "present"]);
    assert.equal(launcherStale(), false);
  },
);
