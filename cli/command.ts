/**
 * Subcommands of `deno run -A mod.ts <command>`.
 *
 * @module
 */
import { drawCommand } from "./dot.ts";
import { report } from "./report.ts";
import { runModule } from "./run_module.ts";
import { BadInput } from "../runtime/errors.ts";
import { serveStdio } from "../runtime/stdio_host.ts";
import { serveMpiRank } from "../targets/mpi/entry.ts";
import { serveSparkTask } from "../targets/spark/task.ts";
import { serveStormTask } from "../targets/storm/task.ts";

const HELP = `dispel4ts: stream-based workflows on Deno

Usage:
  deno run -A mod.ts run WF.ts [options]     run the workflow WF.ts exports (see run --help)
  deno run -A mod.ts dot WF.ts [-o FILE.svg] [--format dot|svg]   draw it
  deno run -A mod.ts host                    serve as a PE host: length-prefixed frames on stdin/stdout
                                             (engines start it; see runtime/stdio_host.ts)
  deno run -A mod.ts mpi-rank                a rank of a job the mpi target started (under mpirun)
  deno run -A mod.ts spark-task GID [STALL]  the host of instance GID in a task of the spark target's job
  deno run -A mod.ts storm-task              a Storm task of a run the storm target started (multilang)`;

/** Dispatches a subcommand and returns the exit code. */
export const command = async (argv: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = argv;
  switch (name) {
    case "run":
      return await runModule(rest);
    case "dot":
      return await drawCommand(rest);
    case "host":
      return await serveStdio();
    case "mpi-rank":
      return await serveMpiRank();
    case "spark-task":
      return await serveSparkTask(Number(rest[0]), rest[1] === undefined ? undefined : Number(rest[1]));
    case "storm-task":
      return await serveStormTask();
    case undefined:
    case "help":
    case "-h":
    case "--help":
      console.log(HELP);
      return 0;
    default:
      return report(
        new BadInput({
          reason: `Unknown command "${name}": use run, dot, host, mpi-rank, spark-task or storm-task`,
        }),
      );
  }
};
