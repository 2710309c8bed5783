import { staged, streaming } from "../engine_hosts.ts";
import { conformance } from "./suite.ts";

// The engine host with each instance a process of its own, without an engine: Spark's stages and
// Storm's tasks, modelled in memory.
for (const target of [staged, streaming]) conformance(`${target.name} -n 3`, { target, processes: 3 });
