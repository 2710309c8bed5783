/**
 * Command-line options of a workflow run, parsed with `node:util` (Deno's std CLI module comes
 * from a registry this project cannot reach).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { BadInput } from "../runtime/errors.ts";

/** The options of a run. */
export interface RunArgs {
  readonly target: string;
  readonly processes?: number;
  readonly iterations: number;
  /** Seconds a run may stay stalled on an unsettled PE call before it fails. */
  readonly stallTimeout?: number;
  /** `--hostfile`: for the mpi target. */
  readonly hostfile?: string;
  /** `--mpirun-args`, split at spaces: for the mpi target. */
  readonly mpirunArgs?: ReadonlyArray<string>;
  /** `--master`: for the spark target. */
  readonly master?: string;
  /** `--nimbus`: for the storm target, the cluster to submit to. */
  readonly nimbus?: string;
  readonly data?: string;
  readonly file?: string;
  readonly out?: string;
  readonly progress: boolean;
  readonly verbose: boolean;
  readonly ir: boolean;
  readonly attr?: string;
  /** `--monitor[=PATH]`: the monitoring store to record the run in ("" for the default). */
  readonly monitor?: string;
  /** `--plan-from RUN`: run with the allocation suggested for that monitored run. */
  readonly planFrom?: number;
  readonly help: boolean;
  readonly positionals: ReadonlyArray<string>;
}

/**
 * The most processes `-n` takes. Instances cost memory and time in proportion to their number
 * (measured: word count with `-n 65536` runs in about 0.5 s and 0.2 GB on `simple`, 0.6 s and
 * 0.3 GB on `workers`); a typo beyond that is refused rather than started.
 */
export const MAX_PROCESSES = 65536;

/** Help text for a workflow run. */
export const RUN_HELP = `Run a dispel4ts workflow.

Usage:
  deno run -A WF.ts [options]
  deno run -A mod.ts run WF.ts [options]

Options:
  -t, --target NAME   where to run: simple (default), workers (or multi), mpi, spark, storm
  -n, --num N         processes for parallel targets (on simple: the instance counts they give);
                      at most ${MAX_PROCESSES}
  -i, --iter N        iterations for root PEs not named in the inputs (default 1)
  -d, --data JSON     inputs per root PE: {"<pe>": [{"<port>": value}, ...]}, {"<pe>": N},
                      or {"<pe>": [value, ...]} for a PE with one input
  -f, --file FILE     the same JSON, read from FILE (wins over -d)
  -o, --out FILE      write results to FILE instead of stdout
      --progress      print progress to stderr (default: when stderr is a terminal)
      --hostfile FILE  with --target mpi: the hosts to start ranks on (mpirun --hostfile)
      --mpirun-args ARGS
                      with --target mpi: more arguments for mpirun, e.g. "--map-by node"
      --master URL    with --target spark: local[N] (default: a thread per core) or spark://HOST:PORT
      --nimbus HOST   with --target storm: submit to the Storm cluster whose Nimbus runs on HOST
                      (default: a LocalCluster in this run)
      --stall-timeout S
                      fail the run (exit 1) when it has been idle for S seconds (decimals allowed)
                      while a PE call has not settled; without it, the run waits and names the call
  -v, --verbose       print instance counts and a summary to stderr
      --ir            print the workflow's graph IR as JSON and exit
  -a, --attr NAME     with "run": the exported workflow to run, when the module has several
      --monitor[=PATH]  record timings per PE instance in an SQLite store (default
                      .dispel4ts/monitor.db); see them with: deno task monitor [--db PATH]
      --plan-from RUN  run with the instance counts the dashboard suggests for monitored run RUN
                      (read from the store of --monitor, or the default one)
  -h, --help          show this help

Results are JSON Lines, one per data unit written to an unconnected output port, written out
within a tenth of a second of being produced:
  {"pe":"<name>","port":"<port>","data":<item>}
The file of -o is created once the run produces a result or ends well: a refused run leaves it as it was.

Exit codes: 0 done, 1 a PE failed (or a stall timed out), 2 bad input or an invalid workflow,
130/143 interrupted by SIGINT/SIGTERM (the results so far are written, and one line says how many),
141 the results' reader went away (a closed pipe, as in "| head"), quietly.`;

/**
 * Options whose value may start with a dash, and which such values they take: node:util reads
 * `-n -3` or `--mpirun-args "-x A=1"` as two options. Joined as `--num=-3`, a negative number
 * reaches the range check, which then names it; mpirun's arguments reach mpirun.
 */
const DASH_VALUES: Record<string, readonly [long: string, value: RegExp]> = {
  "-n": ["--num", /^-\d/],
  "--num": ["--num", /^-\d/],
  "-i": ["--iter", /^-\d/],
  "--iter": ["--iter", /^-\d/],
  "--stall-timeout": ["--stall-timeout", /^-\d/],
  "--mpirun-args": ["--mpirun-args", /^-/],
};

const joinDashValues = (argv: ReadonlyArray<string>): Array<string> => {
  const out: Array<string> = [];
  for (let k = 0; k < argv.length; k++) {
    // A bare --monitor takes no value: the default store.
    if (argv[k] === "--monitor") {
      out.push("--monitor=");
      continue;
    }
    const next = argv[k + 1];
    const option = DASH_VALUES[argv[k]];
    if (option !== undefined && next !== undefined && option[1].test(next)) {
      out.push(`${option[0]}=${next}`);
      k++;
    } else out.push(argv[k]);
  }
  return out;
};

/**
 * Reads a count option: plain decimal digits only, so that `1e3`, `0x10`, ` 4` or `1.0` (which
 * `Number` would take) are refused rather than read as something the user may not have meant.
 */
const wholeNumber = (name: string, value: string | undefined, min: number): number | undefined => {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min)) {
    throw new BadInput({ reason: `Option ${name} takes a whole number >= ${min}, got "${value}"` });
  }
  return n;
};

/**
 * Reads `-n`: a whole number from 1 to {@link MAX_PROCESSES}.
 *
 * @example
 * ```ts
 * import { parseProcesses } from "./args.ts";
 * parseProcesses("4"); // => 4
 * ```
 */
export const parseProcesses = (value: string | undefined): number | undefined => {
  const n = wholeNumber("-n", value, 1);
  if (n !== undefined && n > MAX_PROCESSES) {
    throw new BadInput({ reason: `Option -n takes at most ${MAX_PROCESSES} processes, got "${value}"` });
  }
  return n;
};

const seconds = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = /^(\d+\.?\d*|\.\d+)$/.test(value) ? Number(value) : NaN;
  if (!(n > 0)) {
    throw new BadInput({ reason: `Option ${name} takes a positive number of seconds, got "${value}"` });
  }
  return n;
};

/**
 * Parses command-line arguments, of which `positionals` may be plain arguments (`mod.ts run`
 * takes the module path). Throws `BadInput` for unknown options, bad values and extra arguments.
 *
 * @example
 * ```ts
 * import { parseRunArgs } from "./args.ts";
 * const a = parseRunArgs(["-i", "10", "--target", "simple"]);
 * [a.iterations, a.target]; // => [10, "simple"]
 * ```
 */
export const parseRunArgs = (argv: ReadonlyArray<string>, positionals = 0): RunArgs => {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinDashValues(argv),
      allowPositionals: true,
      strict: true,
      options: {
        target: { type: "string", short: "t", default: "simple" },
        num: { type: "string", short: "n" },
        iter: { type: "string", short: "i" },
        data: { type: "string", short: "d" },
        file: { type: "string", short: "f" },
        out: { type: "string", short: "o" },
        progress: { type: "boolean", default: false },
        "stall-timeout": { type: "string" },
        hostfile: { type: "string" },
        "mpirun-args": { type: "string" },
        master: { type: "string" },
        nimbus: { type: "string" },
        verbose: { type: "boolean", short: "v", default: false },
        ir: { type: "boolean", default: false },
        attr: { type: "string", short: "a" },
        monitor: { type: "string" },
        "plan-from": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    // node:util's advice on positionals after "--" does not apply: this command takes none.
    const first = (e as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, "");
    throw new BadInput({ reason: `${first} (see --help)` });
  }
  if (parsed.positionals.length > positionals) {
    throw new BadInput({ reason: `Unexpected argument "${parsed.positionals[positionals]}" (see --help)` });
  }
  const v = parsed.values;
  return {
    target: v.target!,
    processes: parseProcesses(v.num),
    iterations: wholeNumber("-i", v.iter, 0) ?? 1,
    stallTimeout: seconds("--stall-timeout", v["stall-timeout"]),
    hostfile: v.hostfile,
    mpirunArgs: v["mpirun-args"]?.trim().split(/\s+/).filter((a) => a !== ""),
    master: v.master,
    nimbus: v.nimbus,
    data: v.data,
    file: v.file,
    out: v.out,
    progress: v.progress!,
    verbose: v.verbose!,
    ir: v.ir!,
    attr: v.attr,
    monitor: v.monitor,
    planFrom: wholeNumber("--plan-from", v["plan-from"], 1),
    help: v.help!,
    positionals: parsed.positionals,
  };
};

/**
 * Reads the run inputs from `-f FILE` or `-d JSON`. Throws `BadInput` naming the file or the JSON problem.
 *
 * @example
 * ```ts
 * import { readInputs } from "./args.ts";
 * await readInputs({ data: '{"read": ["a.txt"]}' }); // => { read: ["a.txt"] }
 * ```
 */
export const readInputs = async (args: Pick<RunArgs, "data" | "file">): Promise<unknown> => {
  let text = args.data;
  let source = "-d";
  if (args.file !== undefined) {
    source = `-f ${args.file}`;
    try {
      text = await Deno.readTextFile(args.file);
    } catch (e) {
      const why = e instanceof Deno.errors.NotFound ? "no such file" : (e as Error).message;
      throw new BadInput({ reason: `Cannot read inputs file "${args.file}": ${why}` });
    }
  }
  if (text === undefined) return {};
  let inputs: unknown;
  try {
    inputs = JSON.parse(text);
  } catch (e) {
    throw new BadInput({ reason: `Malformed JSON in ${source}: ${(e as Error).message}` });
  }
  if (typeof inputs !== "object" || inputs === null || Array.isArray(inputs)) {
    throw new BadInput({
      reason: `The inputs in ${source} must be a JSON object {"<pe>": ...}, got ${JSON.stringify(inputs)}`,
    });
  }
  return inputs;
};
