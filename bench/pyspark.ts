/**
 * Runs a PySpark script with the spark target's environment (its virtual environment, its Spark
 * configuration: logs to a file, no UI), for the native baselines of the spark rows.
 *
 * @module
 */
import { sparkVenv } from "../targets/spark/mod.ts";

const root = new URL("../", import.meta.url);

/** Runs `python ARGS` from the project root; resolves to the JSON its last stdout line holds. */
export const runPySpark = async (args: ReadonlyArray<string>): Promise<Record<string, unknown>> => {
  const python = `${sparkVenv()}/bin/python`;
  const out = await new Deno.Command(python, {
    args: [...args],
    cwd: root,
    env: {
      SPARK_CONF_DIR: new URL("targets/spark/conf", root).pathname,
      DISPEL4TS_SPARK_LOG: new URL("out/bench/pyspark.log", root).pathname,
      PYSPARK_PYTHON: python,
      SPARK_LOCAL_IP: "127.0.0.1",
    },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    throw new Error(
      `PySpark exited with ${out.code}: ${new TextDecoder().decode(out.stderr).trim().split("\n").at(-1)}`,
    );
  }
  return JSON.parse(text.split("\n").at(-1)!);
};
