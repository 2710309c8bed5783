import { simple } from "../../targets/simple/mod.ts";
import { conformance } from "./suite.ts";

conformance("simple", { target: simple });
conformance("simple with the instance counts of -n 4", { target: simple, processes: 4 });
