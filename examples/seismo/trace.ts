/**
 * Seismic traces as data units, read from miniSEED (2 or 3) with seisplotjs, and the instrument
 * response beside them as a SAC pole-zero file.
 *
 * A trace crosses process boundaries, so it is a plain object with a typed array, not a
 * seisplotjs `Seismogram` (a class instance would arrive as a plain object without methods):
 * each processing step makes a `Seismogram` of it with {@link toSeismogram} when it calls the
 * library.
 *
 * @module
 */
import { type Seismogram, sp } from "./seisplotjs.ts";
import { basename, join } from "node:path";

/** Processing options of a run, carried with every trace so that each process sees the same. */
export interface Params {
  /** Where the correlation functions are written (SAC files). */
  readonly out: string;
  /** The correlation functions span lags from -max_lag_s to +max_lag_s. */
  readonly max_lag_s: number;
  /** Decimation target: the rate is divided by the largest whole factor that keeps it >= this. */
  readonly rate_hz: number;
  /** Bandpass corners in Hz: the band that is filtered, whitened and correlated. */
  readonly band_hz: readonly [number, number];
  /** Whether to remove the instrument response (needs a `.pz` file beside each miniSEED file). */
  readonly response: boolean;
}

/** One station's record, as it flows through tracePrep. */
export interface Trace {
  /** The data set (directory) the trace belongs to: pairs are made within a set. */
  readonly set: string;
  /** The station's index in its set: its position among the set's files sorted by name. */
  readonly index: number;
  /** The channel, `NET.STA.LOC.CHA`. */
  readonly id: string;
  /** Time of the first sample, ISO 8601. */
  readonly start: string;
  /** Samples per second. */
  readonly rate: number;
  readonly samples: Float64Array;
  /** The instrument response as SAC pole-zero text (displacement in metres to counts). */
  readonly pz: string | null;
  readonly params: Params;
}

/** A file of one set to read: what `read` sends `readTrace`. */
export interface TraceFile {
  readonly set: string;
  readonly index: number;
  readonly path: string;
  readonly params: Params;
}

/** The defaults of {@link Params}: `out` defaults to `<DIR>/xcorr`. */
export const DEFAULTS: Omit<Params, "out"> = {
  max_lag_s: 100,
  rate_hz: 5,
  band_hz: [0.05, 2],
  response: true,
};

const isMseed3 = (bytes: Uint8Array) => bytes[0] === 77 && bytes[1] === 83 && bytes[2] === 3;

/** Fixed-header bytes of miniSEED 2: a sequence number (digits or spaces) and a quality code. */
const isMseed2 = (bytes: Uint8Array) =>
  bytes.length >= 48 && /^[0-9 ]{6}[DRQM][ \0]$/.test(String.fromCharCode(...bytes.subarray(0, 8)));

/**
 * Decodes a miniSEED file (format 2 or 3) into one contiguous seismogram. Throws a `SyntaxError`
 * naming the file when it is not miniSEED, holds several channels, or has gaps.
 */
export const decodeMiniseed = (path: string, bytes: Uint8Array): Seismogram => {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let channels: Array<Seismogram>;
  try {
    if (isMseed3(bytes)) channels = sp.mseed3.seismogramPerChannel(sp.mseed3.parseMSeed3Records(buffer));
    else if (isMseed2(bytes)) {
      channels = sp.miniseed.seismogramPerChannel(sp.miniseed.parseDataRecords(buffer));
    } else throw new SyntaxError("no miniSEED record header at its start");
  } catch (e) {
    throw new SyntaxError(`Cannot read "${path}" as miniSEED: ${(e as Error).message}`);
  }
  if (channels.length !== 1) {
    throw new SyntaxError(`Cannot read "${path}": it holds ${channels.length} channels, one is expected`);
  }
  const [seis] = channels;
  if (seis.segments.length !== 1) {
    throw new SyntaxError(`Cannot read "${path}": it has ${seis.segments.length - 1} gaps, none is expected`);
  }
  return seis;
};

/** The SAC pole-zero file that goes with a miniSEED file: the same name ending in `.pz`. */
export const pzPath = (path: string): string => path.replace(/\.(mseed|miniseed|ms)$/i, "") + ".pz";

/**
 * readTrace: reads one station's miniSEED file and its response file into a {@link Trace}.
 *
 * @example A station written by make_data
 * ```ts
 * import { makeData } from "./make_data.ts";
 * import { DEFAULTS, readTrace } from "./trace.ts";
 * const dir = Deno.makeTempDirSync();
 * makeData({ stations: 2, out: dir, hours: 0.01, rate: 10, seed: 1, maxDelay: 1 });
 * const path = `${dir}/XX.S0001.00.BHZ.mseed`;
 * const t = readTrace({ set: dir, index: 1, path, params: { ...DEFAULTS, out: dir } });
 * [t.id, t.rate, t.samples.length, t.pz !== null]; // => ["XX.S0001.00.BHZ", 10, 360, true]
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export const readTrace = (file: TraceFile): Trace => {
  const seis = decodeMiniseed(file.path, Deno.readFileSync(file.path));
  let pz: string | null = null;
  if (file.params.response) {
    try {
      pz = Deno.readTextFileSync(pzPath(file.path));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      throw new Error(
        `No instrument response for "${basename(file.path)}": expected the SAC pole-zero file "${
          pzPath(file.path)
        }" (or run with "response": false)`,
      );
    }
  }
  return {
    set: file.set,
    index: file.index,
    id: seis.codes(),
    start: seis.startTime.toISO()!,
    rate: seis.sampleRate,
    samples: Float64Array.from(seis.y),
    pz,
    params: file.params,
  };
};

/**
 * Lists the miniSEED files of a data set directory, sorted by name (a station's index is its
 * position in this list). Throws with one clear line when the directory is missing or empty.
 */
export const listTraceFiles = (dir: string): Array<string> => {
  let names: Array<string>;
  try {
    names = [...Deno.readDirSync(dir)].filter((e) => e.isFile && /\.(mseed|miniseed|ms)$/i.test(e.name))
      .map((e) => e.name);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound ? "no such directory" : (e as Error).message;
    throw new Error(`Cannot read data set "${dir}": ${why}`);
  }
  if (names.length === 0) throw new Error(`Data set "${dir}" has no miniSEED files (*.mseed)`);
  return names.sort().map((n) => join(dir, n));
};

/** A seisplotjs `Seismogram` of a trace's samples, for calling the library. */
export const toSeismogram = (t: Pick<Trace, "samples" | "rate" | "start">): Seismogram =>
  sp.seismogram.Seismogram.fromContiguousData(t.samples, t.rate, sp.util.isoToDateTime(t.start));

/** A trace with new samples (and rate), from a seisplotjs result. */
export const withSamples = (t: Trace, y: ArrayLike<number>, rate = t.rate): Trace => ({
  ...t,
  rate,
  samples: Float64Array.from(y),
});
