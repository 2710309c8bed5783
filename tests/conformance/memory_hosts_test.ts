import { memoryHosts } from "../memory_hosts.ts";
import { conformance } from "./suite.ts";

// The shared PE host and coordinator on their own, over an in-memory transport.
for (const n of [1, 3]) conformance(`memory hosts -n ${n}`, { target: memoryHosts(n), processes: n });
