/**
 * The `storm` target: PE instances as the tasks of an Apache Storm topology, each running the
 * shared PE host over Storm's multilang protocol.
 *
 * @example Whether Storm runs can run here
 * ```ts
 * import { stormMissing } from "./mod.ts";
 * const why = stormMissing(); // undefined, or e.g. "java is not on the PATH"
 * ```
 *
 * @module
 */
export { launcherStale } from "./build.ts";
export { LAUNCHER, StormLauncher, stormMissing } from "./launcher.ts";
export { makeStorm, storm, type StormOptions } from "./target.ts";
export { serveStormTask } from "./task.ts";
