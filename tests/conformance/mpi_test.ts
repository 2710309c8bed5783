import { mpiUnavailable } from "../../targets/mpi/mod.ts";
import { mpi } from "../../targets/mpi/target.ts";
import { engineTest } from "../engines.ts";
import { conformance } from "./suite.ts";

// Real mpirun jobs; 4 and 7 ranks oversubscribe a 2-core machine.
engineTest("mpi is available for the conformance suite", "mpi", mpiUnavailable, () => Promise.resolve());
if (mpiUnavailable() === undefined) {
  for (const n of [2, 4, 7]) conformance(`mpi -n ${n}`, { target: mpi, processes: n });
}
