/**
 * Open MPI for Deno: the FFI binding (`ffi.ts`) and launching programs as ranks (`launch.ts`).
 * The `mpi` target that will run workflows on them is not built yet; the bench measures the
 * binding's raw streaming speed.
 *
 * @example Whether MPI jobs can run here
 * ```ts
 * import { mpiUnavailable } from "./mod.ts";
 * const why = mpiUnavailable(); // undefined, or e.g. "mpirun is not on the PATH"
 * ```
 *
 * @module
 */
import { mpiMissing } from "./ffi.ts";
import { mpirunMissing } from "./launch.ts";

export { LIBMPI, MAX_MESSAGE, type Message, type Mpi, mpiMissing, MpiUnavailable, openMpi } from "./ffi.ts";
export { mpirun, mpirunFlags, mpirunMissing } from "./launch.ts";

/** Why MPI jobs cannot run here (no `mpirun`, or no Open MPI library), or undefined when they can. */
export const mpiUnavailable = (): string | undefined => mpirunMissing() ?? mpiMissing();
