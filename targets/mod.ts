/**
 * The targets, by name. Targets are values; the command line looks them up here.
 *
 * @example
 * ```ts
 * import { targets } from "./mod.ts";
 * Object.keys(targets); // => ["simple"]
 * ```
 *
 * @module
 */
import type { Target } from "../runtime/target.ts";
import { simple } from "./simple/mod.ts";

export { simple };

/** Every target this build can run, by the name `--target` takes. */
export const targets: Readonly<Record<string, Target>> = { simple };

/** Targets that are planned but not built yet, with what they will need. */
export const plannedTargets: Readonly<Record<string, string>> = {
  workers: "Deno Web Workers",
  multi: "Deno Web Workers (alias of workers)",
  mpi: "Open MPI",
  spark: "PySpark",
  storm: "Apache Storm",
};
