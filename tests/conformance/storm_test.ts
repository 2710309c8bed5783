import { StormLauncher, stormMissing } from "../../targets/storm/launcher.ts";
import { makeStorm } from "../../targets/storm/target.ts";
import { engineTest } from "../engines.ts";
import { conformance } from "./suite.ts";

// Real Storm in local mode, one LocalCluster for the whole suite (started on the first run, again
// if it ended): a LocalCluster takes seconds to start. Each run is a topology of its own on it.
engineTest("storm is available for the conformance suite", "storm", stormMissing, () => Promise.resolve());
if (stormMissing() === undefined) {
  let shared: StormLauncher | undefined;
  const launcher = async () => {
    if (shared === undefined || !shared.alive) shared = await StormLauncher.start();
    return shared;
  };
  conformance("storm -n 3", {
    target: makeStorm({ launcher }),
    processes: 3,
    close: async () => await shared?.close(),
  });
}
