import { workers } from "../../targets/workers/mod.ts";
import { conformance } from "./suite.ts";

for (const n of [1, 2, 4, 13]) conformance(`workers -n ${n}`, { target: workers, processes: n });
