/**
 * The targets, by name. Targets are values; the command line looks them up here.
 *
 * @example
 * ```ts
 * import { targets } from "./mod.ts";
 * Object.keys(targets); // => ["simple", "workers", "multi", "mpi", "spark", "storm"]
 * ```
 *
 * @module
 */
import type { Target } from "../runtime/target.ts";
import { simple } from "./simple/mod.ts";
import { makeWorkers, workers } from "./workers/mod.ts";
import { makeMpi, mpi } from "./mpi/target.ts";
import { makeSpark, spark } from "./spark/target.ts";
import { makeStorm, storm } from "./storm/target.ts";

export { makeMpi, makeSpark, makeStorm, makeWorkers, mpi, simple, spark, storm, workers };

/** Every target this build can run, by the name `--target` takes (`multi` is the original's name for `workers`). */
export const targets: Readonly<Record<string, Target>> = {
  simple,
  workers,
  multi: workers,
  mpi,
  spark,
  storm,
};

/** Targets that are planned but not built yet, with what they will need. */
export const plannedTargets: Readonly<Record<string, string>> = {};
