/**
 * `deno task monitor [--db PATH] [--port P]`: the monitoring dashboard, on 127.0.0.1.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { serveDashboard } from "../monitor/dashboard.ts";
import { DEFAULT_DB } from "../monitor/store.ts";
import { BadInput } from "../runtime/errors.ts";
import { renderSvg } from "./dot.ts";
import { report } from "./report.ts";

const HELP = `The monitoring dashboard: runs recorded with --monitor, their profiles and diagnosis.

Usage: deno task monitor [--db PATH] [--port P]
      --db PATH    the monitoring store (default ${DEFAULT_DB})
      --port P     the port on 127.0.0.1 (default 8765; 0 picks a free one)`;

/** Starts the dashboard as the command line asks; resolves to an exit code once it stops. */
export const monitorCommand = async (argv: ReadonlyArray<string>): Promise<number> => {
  try {
    let values;
    try {
      values = parseArgs({
        args: [...argv],
        options: {
          db: { type: "string", default: DEFAULT_DB },
          port: { type: "string", default: "8765" },
          help: { type: "boolean", short: "h", default: false },
        },
      }).values;
    } catch (e) {
      throw new BadInput({ reason: `${(e as Error).message.split("\n")[0]} (see --help)` });
    }
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const port = /^\d+$/.test(values.port!) ? Number(values.port) : NaN;
    if (!(port >= 0 && port <= 65535)) {
      throw new BadInput({
        reason: `Option --port takes a port number from 0 to 65535, got "${values.port}"`,
      });
    }
    const server = serveDashboard({
      db: values.db!,
      port,
      renderSvg,
      onListen: (a) => console.error(`dashboard: http://127.0.0.1:${a.port}/ (store: ${values.db})`),
    });
    await server.finished;
    return 0;
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      return report(new BadInput({ reason: `Port in use: ${e.message}` }));
    }
    return report(e);
  }
};

if (import.meta.main) Deno.exit(await monitorCommand(Deno.args));
