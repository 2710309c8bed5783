/**
 * Subcommands of `deno run -A mod.ts <command>`.
 *
 * @module
 */
import { drawCommand } from "./dot.ts";
import { report } from "./report.ts";
import { runModule } from "./run_module.ts";
import { BadInput } from "../runtime/errors.ts";

const HELP = `dispel4ts: stream-based workflows on Deno

Usage:
  deno run -A mod.ts run WF.ts [options]     run the workflow WF.ts exports (see run --help)
  deno run -A mod.ts dot WF.ts [-o FILE.svg] [--format dot|svg]   draw it`;

/** Dispatches a subcommand and returns the exit code. */
export const command = async (argv: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = argv;
  switch (name) {
    case "run":
      return await runModule(rest);
    case "dot":
      return await drawCommand(rest);
    case undefined:
    case "help":
    case "-h":
    case "--help":
      console.log(HELP);
      return 0;
    default:
      return report(new BadInput({ reason: `Unknown command "${name}": use run or dot` }));
  }
};
