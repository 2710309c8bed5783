/**
 * Synthetic ambient-noise records for the xcorr workflow, with known inter-station delays.
 *
 *     deno run -A examples/seismo/make_data.ts --stations N --out DIR [--hours H] [--rate HZ]
 *         [--seed S] [--max-delay SECONDS]
 *
 * One shared noise source (ground displacement with a secondary-microseism peak at 0.15 Hz over a
 * background falling with frequency) reaches station `i` `delays_s[i]` seconds late (a fractional
 * delay, applied exactly as a phase shift), plus local noise of the same power at each station.
 * Each station's ground motion goes through its instrument (a 120 s or a 20 s broadband seismometer
 * whose sensitivity varies by ±50%), is digitised to integer counts and written as
 * `DIR/XX.Snnnn.00.BHZ.mseed` (miniSEED 3, written by seisplotjs), with its response as the SAC
 * pole-zero file `DIR/XX.Snnnn.00.BHZ.pz`, and `DIR/truth.json` =
 * `{"sampling_rate_hz": ..., "delays_s": [one per station, in station order]}`.
 *
 * @module
 */
import { type Seismogram, sp } from "./seisplotjs.ts";
import { parseArgs } from "node:util";
import { join } from "node:path";
import { nextPow2, realFft } from "./spectral.ts";
import { seeded } from "../graph_testing/testing_pes.ts";

/** What to generate. */
export interface DataOptions {
  readonly stations: number;
  readonly out: string;
  readonly hours: number;
  readonly rate: number;
  readonly seed: number;
  /** Delays are drawn uniformly from `-maxDelay..maxDelay` seconds. */
  readonly maxDelay: number;
}

/** The defaults: one hour at 10 Hz (about 144 KB a station, as the paper's 150 KB). */
export const DATA_DEFAULTS = { hours: 1, rate: 10, seed: 1, maxDelay: 40 } as const;

const gaussian = (next: () => number) => () =>
  Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());

/** Amplitude spectrum of the ground displacement: a microseism peak over a falling background. */
const noiseShape = (f: number): number =>
  f <= 0 ? 0 : 1 / (1 + ((f - 0.15) / 0.04) ** 2) + 0.05 / (1 + (f / 0.3) ** 2);

/** A velocity seismometer as poles (rad/s) and its A0 normalisation at 1 Hz, SAC style. */
interface Instrument {
  readonly name: string;
  readonly poles: ReadonlyArray<readonly [number, number]>;
}

const INSTRUMENTS: ReadonlyArray<Instrument> = [
  { name: "broadband, 120 s", poles: [[-0.037016, 0.037016], [-0.037016, -0.037016], [-251.33, 0]] },
  { name: "compact broadband, 20 s", poles: [[-0.2214, 0.2221], [-0.2214, -0.2221], [-343, 0]] },
];

/** A station's response, displacement (m) to counts, as SAC pole-zero text. */
const pzText = (inst: Instrument, countsPerMps: number, id: string): string => {
  const s = 2 * Math.PI; // s = 2πi·1 Hz; A0 makes |response| 1 there for velocity
  let re = 1, im = 0;
  for (const [pr, pi] of inst.poles) {
    const ar = -pr, ai = s - pi;
    [re, im] = [re * ar - im * ai, re * ai + im * ar];
  }
  const a0 = Math.hypot(re, im) / s ** 2; // two zeros at 0 for velocity
  const lines = [
    `* NETWORK-STATION-LOCATION-CHANNEL: ${id}`,
    `* INSTRUMENT: synthetic ${inst.name}`,
    `* INPUT UNIT: M`,
    `* OUTPUT UNIT: COUNTS`,
    `* A0: ${a0}`,
    `* SENSITIVITY: ${countsPerMps} (counts/(m/s) at 1 Hz)`,
    "ZEROS 3",
    "    0.0 0.0",
    "    0.0 0.0",
    "    0.0 0.0",
    `POLES ${inst.poles.length}`,
    ...inst.poles.map(([r, i]) => `    ${r} ${i}`),
    `CONSTANT ${a0 * countsPerMps}`,
  ];
  return lines.join("\n") + "\n";
};

/** The SEED band code for a sampling rate. */
const bandCode = (rate: number) => rate >= 80 ? "H" : rate >= 10 ? "B" : rate > 1 ? "M" : "L";

/** Writes a seismogram as miniSEED 3 records (one per segment), with seisplotjs. */
const miniseed3 = (seis: Seismogram): Uint8Array => {
  // The unit goes in the "bag" extra header, where seisplotjs looks for it (and logs its absence).
  const records = sp.mseed3.toMSeed3(seis, { bag: { y: { si: "count" } } }).map((r) => {
    const bytes = new Uint8Array(r.calcSize());
    r.save(new DataView(bytes.buffer));
    return bytes;
  });
  const out = new Uint8Array(records.reduce((s, r) => s + r.length, 0));
  records.reduce((at, r) => (out.set(r, at), at + r.length), 0);
  return out;
};

/** What {@link makeData} wrote. */
export interface Truth {
  readonly sampling_rate_hz: number;
  readonly delays_s: Array<number>;
}

/**
 * Writes `stations` synthetic records, their responses and `truth.json` into `out`.
 *
 * @example Two stations, one minute at 10 Hz
 * ```ts
 * import { makeData } from "./make_data.ts";
 * const out = Deno.makeTempDirSync();
 * const truth = makeData({ stations: 2, out, hours: 1 / 60, rate: 10, seed: 1, maxDelay: 5 });
 * [truth.delays_s.length, Deno.statSync(`${out}/XX.S0001.00.BHZ.mseed`).isFile]; // => [2, true]
 * Deno.removeSync(out, { recursive: true });
 * ```
 */
export const makeData = (o: DataOptions): Truth => {
  const n = Math.round(o.hours * 3600 * o.rate);
  if (!(n >= 16)) throw new RangeError(`--hours ${o.hours} at ${o.rate} Hz gives ${n} samples: too few`);
  const guard = Math.ceil(o.maxDelay * o.rate) + 1;
  const m = nextPow2(n + 2 * guard);
  const fft = realFft(m);
  const bins = m / 2 + 1;
  const df = o.rate / m;
  const freqs = Array.from({ length: bins }, (_, k) => k * df);
  const colored = (seed: number) => {
    const g = gaussian(seeded(seed));
    const spec = new Float64Array(2 * bins);
    for (let k = 1; k < bins - 1; k++) {
      const a = noiseShape(freqs[k]);
      spec[2 * k] = a * g();
      spec[2 * k + 1] = a * g();
    }
    return spec;
  };
  const source = colored(o.seed);
  const rnd = seeded(o.seed ^ 0x5eed);
  const delays = Array.from(
    { length: o.stations },
    () => Math.round((rnd() * 2 - 1) * o.maxDelay * 1000) / 1000,
  );
  Deno.mkdirSync(o.out, { recursive: true });
  // Scales the source to about a micrometre of ground displacement.
  let power = 0;
  for (let k = 0; k < bins; k++) power += source[2 * k] ** 2 + source[2 * k + 1] ** 2;
  const scale = 1e-6 / Math.sqrt((2 * power) / (m * m));
  const width = Math.max(4, String(o.stations - 1).length);
  const channel = `${bandCode(o.rate)}HZ`;
  const start = sp.util.isoToDateTime("2026-01-01T00:00:00Z");
  for (let i = 0; i < o.stations; i++) {
    const station = `S${String(i).padStart(width, "0")}`;
    const id = `XX.${station}.00.${channel}`;
    const inst = INSTRUMENTS[i % INSTRUMENTS.length];
    const pz = pzText(inst, 6e8 * (0.5 + rnd()), id);
    const response = sp.sacPoleZero.SacPoleZero.parse(pz).calcForDisplay(freqs);
    const local = colored(o.seed + 7919 * (i + 1));
    const spec = new Float64Array(2 * bins);
    for (let k = 1; k < bins - 1; k++) {
      // ground displacement: the source delayed by delays[i], plus local noise
      const phase = -2 * Math.PI * freqs[k] * delays[i];
      const c = Math.cos(phase), s = Math.sin(phase);
      const ur = scale * (source[2 * k] * c - source[2 * k + 1] * s + local[2 * k]);
      const ui = scale * (source[2 * k] * s + source[2 * k + 1] * c + local[2 * k + 1]);
      const hr = response[k].real(), hi = response[k].imag();
      spec[2 * k] = ur * hr - ui * hi;
      spec[2 * k + 1] = ur * hi + ui * hr;
    }
    const counts = fft.inverse(spec).subarray(guard, guard + n);
    const samples = Int32Array.from(counts, Math.round);
    const sid = sp.fdsnsourceid.FDSNSourceId.fromNslc("XX", station, "00", channel);
    const seis = sp.seismogram.Seismogram.fromContiguousData(samples, o.rate, start, sid);
    Deno.writeFileSync(join(o.out, `${id}.mseed`), miniseed3(seis));
    Deno.writeTextFileSync(join(o.out, `${id}.pz`), pz);
  }
  const truth: Truth = { sampling_rate_hz: o.rate, delays_s: delays };
  Deno.writeTextFileSync(join(o.out, "truth.json"), JSON.stringify(truth) + "\n");
  return truth;
};

const USAGE =
  "Usage: deno run -A examples/seismo/make_data.ts --stations N --out DIR [--hours H] [--rate HZ] [--seed S] [--max-delay SECONDS]";

/** Reads the command line of make_data; throws a `TypeError` with one line on bad input. */
export const parseDataArgs = (argv: ReadonlyArray<string>): DataOptions => {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      stations: { type: "string" },
      out: { type: "string" },
      hours: { type: "string" },
      rate: { type: "string" },
      seed: { type: "string" },
      "max-delay": { type: "string" },
    },
  });
  const num = (name: string, v: string | undefined, dflt: number | undefined, ok: (x: number) => boolean) => {
    if (v === undefined) {
      if (dflt === undefined) throw new TypeError(`Missing --${name}. ${USAGE}`);
      return dflt;
    }
    const x = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (!ok(x)) throw new TypeError(`Bad --${name} "${v}". ${USAGE}`);
    return x;
  };
  if (values.out === undefined) throw new TypeError(`Missing --out. ${USAGE}`);
  return {
    stations: num("stations", values.stations, undefined, (x) => Number.isInteger(x) && x >= 2),
    out: values.out,
    hours: num("hours", values.hours, DATA_DEFAULTS.hours, (x) => x > 0),
    rate: num("rate", values.rate, DATA_DEFAULTS.rate, (x) => x > 0),
    seed: num("seed", values.seed, DATA_DEFAULTS.seed, Number.isInteger),
    maxDelay: num("max-delay", values["max-delay"], DATA_DEFAULTS.maxDelay, (x) => x >= 0),
  };
};

if (import.meta.main) {
  try {
    const o = parseDataArgs(Deno.args);
    const started = performance.now();
    makeData(o);
    const s = ((performance.now() - started) / 1000).toFixed(1);
    console.error(`${o.stations} stations, ${o.hours} h at ${o.rate} Hz, written to ${o.out} in ${s} s`);
  } catch (e) {
    console.error(`error: ${(e as Error).message.split("\n")[0]}`);
    Deno.exit(2);
  }
}
