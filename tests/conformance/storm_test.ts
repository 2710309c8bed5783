import { StormLauncher, stormMissing } from "../../targets/storm/launcher.ts";
import { makeStorm } from "../../targets/storm/target.ts";
import { engineTest } from "../engines.ts";
import { conformance } from "./suite.ts";

// One LocalCluster for the whole suite (started on the first run, again if it ended), as a
// LocalCluster per run costs seconds; each run is a topology of its own on it.
let shared: StormLauncher | undefined;
const launcher = async () => {
  if (shared === undefined || !shared.alive) shared = await StormLauncher.start();
  return shared;
};

engineTest("storm is available for the conformance suite", "storm", stormMissing, () => Promise.resolve());
if (stormMissing() === undefined) {
  conformance("storm -n 3", { target: makeStorm({ launcher }), processes: 3, sanitize: false });
  Deno.test({
    name: "storm: the suite's LocalCluster closes",
    sanitizeOps: false,
    sanitizeResources: false,
    fn: async () => await shared?.close(),
  });
}
