/**
 * Correlation functions as SAC binary files (version 6 header, little-endian), the format
 * ambient-noise tools exchange them in: `b` is the first lag (-max_lag_s), `e` the last, the
 * virtual source (station a) is the event (`kevnm`), station b the station (`kstnm`), and
 * `user0`, `user1` hold the peak's lag and coefficient. ObsPy reads them with `read(path)`.
 * seisplotjs reads and writes no SAC waveform files, so this small fixed layout is written here.
 *
 * @module
 */

/** A correlation function with what its SAC header says. */
export interface SacCorrelation {
  /** Seconds between samples. */
  readonly delta: number;
  /** Lag of the first sample, seconds. */
  readonly b: number;
  /** Virtual source, `NET.STA.LOC.CHA` (kevnm, at most 16 characters kept). */
  readonly source: string;
  /** Receiving station code (kstnm) and network (knetwk). */
  readonly station: string;
  readonly network: string;
  readonly lag_s: number;
  readonly coeff: number;
  readonly data: Float32Array;
}

const HEADER = 632;
const UNDEF = -12345;
const F = (i: number) => 4 * i;
const I = (i: number) => 280 + 4 * i;
const K_STNM = 440, K_EVNM = 448, K_USER0 = 576, K_NETWK = 608;

const putString = (view: DataView, at: number, size: number, text: string) => {
  const padded = text.slice(0, size).padEnd(size, " ");
  for (let i = 0; i < size; i++) view.setUint8(at + i, padded.charCodeAt(i) & 0x7f);
};

const getString = (view: DataView, at: number, size: number) =>
  String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + at, size)).trim();

/**
 * The bytes of a SAC file of a correlation function.
 *
 * @example A round trip
 * ```ts
 * import { readSac, writeSac } from "./sac.ts";
 * const c = { delta: 0.2, b: -1, source: "XX.S0000.00.BHZ", station: "S0001", network: "XX",
 *   lag_s: 0.2, coeff: 0.5, data: Float32Array.from([0, 0.1, 0.2, 0.5, 0.3, 0.1, 0, 0, 0, 0, 0]) };
 * const back = readSac(writeSac(c));
 * [back.source, back.station, back.data.length, back.b]; // => ["XX.S0000.00.BHZ", "S0001", 11, -1]
 * ```
 */
export const writeSac = (c: SacCorrelation): Uint8Array => {
  const bytes = new Uint8Array(HEADER + 4 * c.data.length);
  const v = new DataView(bytes.buffer);
  for (let i = 0; i < 70; i++) v.setFloat32(F(i), UNDEF, true);
  for (let i = 0; i < 40; i++) v.setInt32(I(i), UNDEF, true);
  for (let at = K_STNM; at < HEADER; at += 8) putString(v, at, 8, "-12345");
  let min = Infinity, max = -Infinity, sum = 0;
  for (const x of c.data) min = Math.min(min, x), max = Math.max(max, x), sum += x;
  v.setFloat32(F(0), c.delta, true);
  v.setFloat32(F(1), min, true);
  v.setFloat32(F(2), max, true);
  v.setFloat32(F(5), c.b, true);
  v.setFloat32(F(6), c.b + c.delta * (c.data.length - 1), true);
  v.setFloat32(F(40), c.lag_s, true);
  v.setFloat32(F(41), c.coeff, true);
  v.setFloat32(F(56), sum / c.data.length, true);
  v.setInt32(I(6), 6, true); // nvhdr
  v.setInt32(I(9), c.data.length, true); // npts
  v.setInt32(I(15), 1, true); // iftype: ITIME
  v.setInt32(I(16), 5, true); // idep: IUNKN
  v.setInt32(I(35), 1, true); // leven
  putString(v, K_STNM, 8, c.station);
  putString(v, K_EVNM, 16, c.source);
  putString(v, K_USER0, 8, "xcorr");
  putString(v, K_NETWK, 8, c.network);
  for (let i = 0; i < c.data.length; i++) v.setFloat32(HEADER + 4 * i, c.data[i], true);
  return bytes;
};

/** Reads a SAC file written by {@link writeSac} (or any evenly sampled SAC file, either byte order). */
export const readSac = (bytes: Uint8Array): SacCorrelation => {
  if (bytes.length < HEADER) {
    throw new SyntaxError(`Not a SAC file: ${bytes.length} bytes, a header is ${HEADER}`);
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = v.getInt32(I(6), true) === 6;
  if (!little && v.getInt32(I(6), false) !== 6) {
    throw new SyntaxError("Not a SAC file: header version is not 6");
  }
  const npts = v.getInt32(I(9), little);
  if (bytes.length < HEADER + 4 * npts) throw new SyntaxError(`SAC file is truncated: npts ${npts}`);
  const data = new Float32Array(npts);
  for (let i = 0; i < npts; i++) data[i] = v.getFloat32(HEADER + 4 * i, little);
  return {
    delta: v.getFloat32(F(0), little),
    b: v.getFloat32(F(5), little),
    source: getString(v, K_EVNM, 16),
    station: getString(v, K_STNM, 8),
    network: getString(v, K_NETWK, 8),
    lag_s: v.getFloat32(F(40), little),
    coeff: v.getFloat32(F(41), little),
    data,
  };
};
