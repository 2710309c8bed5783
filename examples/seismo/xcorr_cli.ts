/**
 * The command line of the xcorr workflow: the run options of every workflow, and
 * `--plot FILE.svg` to draw a few correlation functions once the run is done.
 *
 * @module
 */
import { join } from "node:path";
import * as W from "../../mod.ts";
import { parseRunArgs, readInputs } from "../../cli/args.ts";
import { plotCorrelations } from "./plot.ts";
import { readSac, type SacCorrelation } from "./sac.ts";
import { type DataSet, dataSetParams } from "./xcorr.ts";

/**
 * Splits `--plot FILE` (or `--plot=FILE`) off the arguments; the rest are the run's.
 *
 * @example
 * ```ts
 * import { splitPlot } from "./xcorr_cli.ts";
 * splitPlot(["-d", "{}", "--plot", "x.svg"]); // => { plot: "x.svg", rest: ["-d", "{}"] }
 * ```
 */
export const splitPlot = (argv: ReadonlyArray<string>): { plot?: string; rest: Array<string> } => {
  const rest: Array<string> = [];
  let plot: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--plot") plot = argv[++i] ?? "";
    else if (argv[i].startsWith("--plot=")) plot = argv[i].slice(7);
    else rest.push(argv[i]);
  }
  if (plot === "") throw new TypeError("Option --plot takes an SVG file name");
  return { plot, rest };
};

/** How many correlation functions the plot shows, and how many files it looks at to choose them. */
const SHOWN = 8, LOOKED_AT = 400;

/**
 * Draws up to eight correlation functions of the data sets a run read, spread over the range of
 * their lags (a record section), into `svg`.
 */
export const drawPlot = async (argv: ReadonlyArray<string>, svg: string): Promise<number> => {
  const inputs = await readInputs(parseRunArgs(argv)) as { read?: ReadonlyArray<unknown> };
  const sets = (inputs.read ?? []).map((i) =>
    dataSetParams((i as { input?: DataSet }).input ?? i as DataSet)
  );
  const found: Array<SacCorrelation> = [];
  for (const { dir, params } of sets) {
    const names = [...Deno.readDirSync(params.out)].map((e) => e.name).filter((n) => n.endsWith(".sac"))
      .sort();
    for (const name of names.slice(0, LOOKED_AT)) {
      found.push(readSac(Deno.readFileSync(join(params.out, name))));
    }
    if (names.length === 0) console.error(`no correlation functions in ${params.out} (data set ${dir})`);
  }
  if (found.length === 0) return 0;
  found.sort((a, b) => a.lag_s - b.lag_s);
  const shown = found.length <= SHOWN
    ? found
    : Array.from({ length: SHOWN }, (_, i) => found[Math.round((i * (found.length - 1)) / (SHOWN - 1))]);
  const title = `Ambient-noise cross-correlations: ${shown.length} of ${found.length} station pairs`;
  await Deno.writeTextFile(svg, plotCorrelations(shown, title));
  console.error(`plot: ${svg}`);
  return 0;
};

/**
 * Runs the workflow with `Deno.args` as `W.main` does, then draws the plot if asked, and exits
 * with the run's code. Call it from the module's `import.meta.main` block without awaiting it:
 * it imports the module, which must have finished evaluating.
 */
export const runXcorrCli = (moduleUrl: string, workflow: W.Workflow): void => {
  const finish = async (): Promise<number> => {
    let split;
    try {
      split = splitPlot(Deno.args);
    } catch (e) {
      console.error(`error: ${(e as Error).message}`);
      return 2;
    }
    const namespace = await import(moduleUrl);
    const code = await W.runCli(split.rest, moduleUrl, workflow, namespace);
    if (code !== 0 || split.plot === undefined) return code;
    try {
      return await drawPlot(split.rest, split.plot);
    } catch (e) {
      console.error(`error: cannot draw ${split.plot}: ${(e as Error).message.split("\n")[0]}`);
      return 1;
    }
  };
  finish().then((code) => Deno.exit(code));
};
