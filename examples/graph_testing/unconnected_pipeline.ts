/** Two disjoint pipelines of 6 PEs each; both roots get the iterations. @module */
import * as W from "../../mod.ts";
import { pipeline } from "./pipeline_test.ts";

export const workflow = W.workflow("unconnected_pipeline", [...pipeline(5, 0), ...pipeline(5, 6)]);

if (import.meta.main) await W.main(import.meta, workflow);
