import assert from "node:assert/strict";
import { setup } from "./setup.ts";
import { engineTest } from "../tests/engines.ts";
import { mpiUnavailable } from "../targets/mpi/mod.ts";
import { launcherStale } from "../targets/storm/build.ts";
import { stormMissing } from "../targets/storm/launcher.ts";

Deno.test("setup() reports each part, and refuses unknown parts", async () => {
  const results = await setup(["spark"]);
  assert.deepEqual(results.map((r) => [r.part, r.status]), [["spark", "not needed"]]);
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
  "setup storm finds Java, Maven and a launcher newer than its sources",
  "storm",
  stormMissing,
  async () => {
    const [r] = await setup(["storm"]);
    assert.deepEqual([r.part, r.status], ["storm", "present"]);
    assert.equal(launcherStale(), false);
  },
);
