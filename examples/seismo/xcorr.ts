/**
 * Seismic ambient-noise cross-correlation (the dispel4py paper's xcorr workflow, Figure 3):
 * readTrace → tracePrep [decim, detrend, demean, removeResp, filter, white, calcFft] → xcorr →
 * writeResults.
 *
 *     deno run -A examples/seismo/make_data.ts --stations 10 --out out/seismo10
 *     deno run -A examples/seismo/xcorr.ts -d '{"read": ["out/seismo10"]}' --plot out/xcorr.svg
 *     deno run -A examples/seismo/xcorr.ts --target workers -n 4 -d '{"read": ["out/seismo10"]}'
 *
 * `read` takes data set directories (every `*.mseed` file in one is a station; its index is its
 * position by name), or objects `{"dir": DIR, "out"?: DIR, "max_lag_s"?: 100, "rate_hz"?: 5,
 * "band_hz"?: [0.05, 2], "response"?: true}`. Each result is
 * `{"pair": [a, b], "lag_s": ..., "coeff": ..., "stations": [idA, idB], "set": DIR, "file": SAC}`
 * with a < b: `lag_s` is how much later the shared signal reaches b than a (the correlation
 * peak), `coeff` its correlation coefficient, and `file` the correlation function over
 * ±`max_lag_s` (default `<DIR>/xcorr/`).
 *
 * Pairing: the paper's productPairs sends each xcorr instance two spectra per pair, which for
 * 1,000 stations ships 499,500 pairs of them. Here every xcorr instance receives each spectrum
 * once (`oneToAll`) and computes the pairs assigned to it (pair index modulo the instance count),
 * as soon as both of a pair's spectra have arrived: the results are the same whatever the number
 * of instances, and each spectrum crosses to each instance once.
 *
 * @module
 */
import { join } from "node:path";
import * as W from "../../mod.ts";
import {
  bandpass,
  decimate,
  demean,
  detrend,
  removeResponse,
  type Spectrum,
  spectrum,
  whiten,
} from "./prep.ts";
import { writeSac } from "./sac.ts";
import { correlate } from "./spectral.ts";
import { DEFAULTS, listTraceFiles, type Params, readTrace, type TraceFile } from "./trace.ts";

/** What `read` accepts: a data set directory, or one with options. */
export type DataSet = string | ({ readonly dir: string } & Partial<Params>);

/**
 * The options of a data set, defaults filled in; throws a `TypeError` naming a bad one.
 *
 * @example The default output directory
 * ```ts
 * import { dataSetParams } from "./xcorr.ts";
 * dataSetParams("data").params.out; // => "data/xcorr"
 * ```
 */
export const dataSetParams = (input: DataSet): { dir: string; params: Params } => {
  const spec = typeof input === "string" ? { dir: input } : input;
  if (typeof spec?.dir !== "string") {
    throw new TypeError(`read takes a directory or {"dir": DIR, ...}, got ${JSON.stringify(input)}`);
  }
  const unknown = Object.keys(spec).filter((k) => k !== "dir" && !(k in DEFAULTS) && k !== "out");
  if (unknown.length > 0) {
    throw new TypeError(
      `Unknown option "${unknown[0]}" for data set "${spec.dir}": known are dir, out, ${
        Object.keys(DEFAULTS).join(", ")
      }`,
    );
  }
  const { dir: _, ...options } = spec;
  const params: Params = { ...DEFAULTS, out: join(spec.dir, "xcorr"), ...options };
  const positive = (x: unknown) => typeof x === "number" && x > 0;
  if (typeof params.out !== "string") throw new TypeError(`"out" must be a directory name`);
  if (typeof params.response !== "boolean") throw new TypeError(`"response" must be true or false`);
  if (!positive(params.max_lag_s)) throw new TypeError(`"max_lag_s" must be a positive number of seconds`);
  if (!positive(params.rate_hz)) throw new TypeError(`"rate_hz" must be a positive number`);
  const band = params.band_hz;
  if (!Array.isArray(band) || band.length !== 2 || !band.every(positive) || band[0] >= band[1]) {
    throw new TypeError(`"band_hz" must be [low, high] in Hz with 0 < low < high`);
  }
  return { dir: spec.dir, params };
};

/** read: lists a data set's miniSEED files, one data unit per station. */
export const read = W.fn("read", function* read(input: DataSet): Generator<TraceFile> {
  const { dir, params } = dataSetParams(input);
  const files = listTraceFiles(dir);
  for (const [index, path] of files.entries()) yield { set: dir, index, path, params };
});

const readTracePe = W.fn("readTrace", readTrace);

/** The PEs of tracePrep, as in Figure 3. */
const decim = W.pe(W.fn("decim", decimate));
const detrendPe = W.pe(W.fn("detrend", detrend));
const demeanPe = W.pe(W.fn("demean", demean));
const removeResp = W.pe(W.fn("removeResp", removeResponse));
const filter = W.pe(W.fn("filter", bandpass));
const white = W.pe(W.fn("white", whiten));
const calcFft = W.pe(W.fn("calcFft", spectrum));

/** tracePrep: the composite PE that turns one station's record into its whitened spectrum. */
export const tracePrep = W.composite({
  name: "tracePrep",
  parts: [
    W.connect(decim.out.output, detrendPe.in.input),
    W.connect(detrendPe.out.output, demeanPe.in.input),
    W.connect(demeanPe.out.output, removeResp.in.input),
    W.connect(removeResp.out.output, filter.in.input),
    W.connect(filter.out.output, white.in.input),
    W.connect(white.out.output, calcFft.in.input),
  ],
  inputs: { input: decim.in.input },
  outputs: { output: calcFft.out.output },
});

/** A correlation function, from xcorr to writeResults. */
export interface Correlation {
  readonly set: string;
  readonly pair: readonly [number, number];
  readonly stations: readonly [string, string];
  readonly lag_s: number;
  readonly coeff: number;
  readonly rate: number;
  readonly values: Float32Array;
  readonly out: string;
}

/**
 * The instance that computes pair (a, b), a < b: pairs are dealt out in order of their index
 * `b(b-1)/2 + a`, so every instance gets the same number of pairs, give or take one.
 *
 * @example Six pairs of four stations over two instances
 * ```ts
 * import { pairOwner } from "./xcorr.ts";
 * [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]].map(([a, b]) => pairOwner(a, b, 2)); // => [0, 1, 0, 1, 0, 1]
 * ```
 */
export const pairOwner = (a: number, b: number, instances: number): number =>
  ((b * (b - 1)) / 2 + a) % instances;

const compatible = (x: Spectrum, y: Spectrum) =>
  x.nfft === y.nfft && x.k0 === y.k0 && x.bins.length === y.bins.length && x.rate === y.rate &&
  x.params.max_lag_s === y.params.max_lag_s;

/** Correlates two stations' spectra, a < b. */
const correlatePair = (a: Spectrum, b: Spectrum): Correlation => {
  if (!compatible(a, b)) {
    throw new Error(
      `Cannot correlate ${a.id} with ${b.id}: after decimation they differ in rate (${a.rate} and ${b.rate} Hz) or length`,
    );
  }
  const maxLag = Math.round(a.params.max_lag_s * a.rate);
  const c = correlate(a, b, a.energy, b.energy, maxLag);
  return {
    set: a.set,
    pair: [a.index, b.index],
    stations: [a.id, b.id],
    lag_s: c.peakLag / a.rate,
    coeff: c.peak,
    rate: a.rate,
    values: c.values,
    out: a.params.out,
  };
};

/**
 * xcorr: holds every spectrum it receives (all of them: its input is `oneToAll`) and correlates
 * each new one with those already held, for the pairs this instance owns ({@link pairOwner}).
 */
export const xcorr = W.iterative({
  name: "xcorr",
  output: W.port<Correlation>(),
  state: () => new Map<string, Map<number, Spectrum>>(),
  process: (s: Spectrum, ctx) => {
    let held = ctx.state.get(s.set);
    if (held === undefined) ctx.state.set(s.set, held = new Map());
    if (held.has(s.index)) {
      throw new Error(`Station ${s.id} of data set "${s.set}" arrived twice: is it read twice?`);
    }
    for (const other of held.values()) {
      const [a, b] = other.index < s.index ? [other, s] : [s, other];
      if (pairOwner(a.index, b.index, ctx.instances) === ctx.instance) {
        ctx.write("output", correlatePair(a, b));
      }
    }
    held.set(s.index, s);
  },
}).pipe(W.oneToAll("input"));

/** What the workflow writes for each pair. */
export interface PairResult {
  readonly pair: readonly [number, number];
  readonly lag_s: number;
  readonly coeff: number;
  readonly stations: readonly [string, string];
  readonly set: string;
  readonly file: string;
}

const made = new Set<string>();

/** writeResults: writes a correlation function as a SAC file and returns its summary. */
export const writeResults = W.fn("writeResults", (c: Correlation): PairResult => {
  if (!made.has(c.out)) {
    Deno.mkdirSync(c.out, { recursive: true });
    made.add(c.out);
  }
  const [idA, idB] = c.stations;
  const [network, station] = idB.split(".");
  const file = join(c.out, `${idA}_${idB}.sac`);
  const maxLag = (c.values.length - 1) / 2;
  Deno.writeFileSync(
    file,
    writeSac({
      delta: 1 / c.rate,
      b: -maxLag / c.rate,
      source: idA,
      station,
      network,
      lag_s: c.lag_s,
      coeff: c.coeff,
      data: c.values,
    }),
  );
  return { pair: c.pair, lag_s: c.lag_s, coeff: c.coeff, stations: c.stations, set: c.set, file };
});

const r = W.pe(read);
const rt = W.pe(readTracePe);
const prep = W.pe(tracePrep);
const xc = W.pe(xcorr);
const wr = W.pe(writeResults);

/** The xcorr workflow. */
export const workflow = W.workflow("xcorr", [
  W.connect(r.out.output, rt.in.input),
  W.connect(rt.out.output, prep.in.input),
  W.connect(prep.out.output, xc.in.input),
  W.connect(xc.out.output, wr.in.input),
]);

// Not awaited: the command line imports this module, which must finish evaluating first.
if (import.meta.main) import("./xcorr_cli.ts").then((cli) => cli.runXcorrCli(import.meta.url, workflow));
