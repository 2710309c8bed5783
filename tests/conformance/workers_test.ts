import { makeWorkers } from "../../targets/workers/mod.ts";
import { conformance } from "./suite.ts";

// One worker per core by default; here as many workers as instances ask for, to exercise many
// links between more workers than cores.
const target = makeWorkers({ maxWorkers: 64 });
for (const n of [1, 2, 4, 13]) conformance(`workers -n ${n}`, { target, processes: n });
