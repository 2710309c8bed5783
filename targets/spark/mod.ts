/**
 * The `spark` target: PE instances as Spark tasks, each running the shared PE host.
 *
 * @module
 */
export { makeSpark, spark, type SparkOptions, SparkSession, sparkUnavailable, sparkVenv } from "./target.ts";
export { serveSparkTask } from "./task.ts";
