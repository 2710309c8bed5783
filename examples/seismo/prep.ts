/**
 * The steps of tracePrep (Figure 3 of the dispel4py paper), each a function from trace to trace
 * calling seisplotjs where it has the operation: decimate, detrend, demean, remove the instrument
 * response, bandpass filter, spectral whitening, then the spectrum that xcorr correlates.
 *
 * The IIR filters are causal; every station goes through the same ones, so their phase delays
 * cancel in the cross-correlation.
 *
 * @module
 */
import { sp } from "./seisplotjs.ts";
import { type Band, nextPow2, realFft } from "./spectral.ts";
import { toSeismogram, type Trace, withSamples } from "./trace.ts";

/**
 * decim: low-pass (8-pole Butterworth at 40% of the new rate) and keep every `q`-th sample,
 * `q` the largest whole factor that keeps the rate >= `params.rate_hz`.
 *
 * @example 10 Hz to 5 Hz
 * ```ts
 * import { decimate } from "./prep.ts";
 * import { DEFAULTS } from "./trace.ts";
 * const t = { set: "s", index: 0, id: "XX.A..BHZ", start: "2026-01-01T00:00:00Z", rate: 10,
 *   samples: new Float64Array(100), pz: null, params: { ...DEFAULTS, out: "/tmp/x" } };
 * const d = decimate(t);
 * [d.rate, d.samples.length]; // => [5, 50]
 * ```
 */
export const decimate = (t: Trace): Trace => {
  const q = Math.floor(t.rate / t.params.rate_hz);
  if (q < 2) return t;
  const rate = t.rate / q;
  const lowpass = sp.filter.createButterworth(8, sp.filter.LOW_PASS, 0, 0.4 * rate, 1 / t.rate);
  const y = sp.filter.applyFilter(lowpass, toSeismogram(t)).y;
  const out = new Float64Array(Math.floor(y.length / q));
  for (let i = 0; i < out.length; i++) out[i] = y[i * q];
  return withSamples(t, out, rate);
};

/** detrend: removes the least-squares line (seisplotjs `removeTrend`). */
export const detrend = (t: Trace): Trace => withSamples(t, sp.filter.removeTrend(toSeismogram(t)).y);

/** demean: removes the mean (seisplotjs `rMean`). */
export const demean = (t: Trace): Trace => withSamples(t, sp.filter.rMean(toSeismogram(t)).y);

/**
 * removeResp: tapers both ends (a 5% Hanning taper, seisplotjs) and deconvolves the instrument
 * response (counts to metres of displacement) with seisplotjs `transferSacPZ`, the SAC `transfer`
 * algorithm, tapered in frequency below 0.005-0.01 Hz and above 80-90% of Nyquist. The taper also
 * keeps the record's ends, which are at the same times at every station, from correlating at zero
 * lag once whitened. Without `params.response` the trace is only tapered.
 */
export const removeResponse = (t: Trace): Trace => {
  const tapered = sp.taper.taper(toSeismogram(t), 0.05, sp.taper.HANNING);
  if (!t.params.response) return withSamples(t, tapered.y);
  if (t.pz === null) throw new Error(`No instrument response for ${t.id}`);
  const nyquist = t.rate / 2;
  const pz = sp.sacPoleZero.SacPoleZero.parse(t.pz);
  return withSamples(t, sp.transfer.transferSacPZ(tapered, pz, 0.005, 0.01, 0.8 * nyquist, 0.9 * nyquist).y);
};

/** filter: bandpass over `params.band_hz`, a 4-pole Butterworth (seisplotjs). */
export const bandpass = (t: Trace): Trace => {
  const [lo, hi] = t.params.band_hz;
  if (!(0 < lo && lo < hi && hi < t.rate / 2)) {
    throw new RangeError(
      `Band ${lo}-${hi} Hz does not fit between 0 and the Nyquist frequency ${t.rate / 2} Hz`,
    );
  }
  const bp = sp.filter.createButterworth(4, sp.filter.BAND_PASS, lo, hi, 1 / t.rate);
  return withSamples(t, sp.filter.applyFilter(bp, toSeismogram(t)).y);
};

/** The FFT length for a trace: room for the record and the largest lag, so lags do not wrap. */
export const fftLength = (t: Pick<Trace, "samples" | "rate" | "params">): number =>
  nextPow2(t.samples.length + Math.ceil(t.params.max_lag_s * t.rate));

/**
 * Band weights: 1 inside the band, cosine ramps from 0 at the corners to 1 at twice the low
 * corner and at 80% of the high one, 0 outside.
 */
const bandTaper = (f: number, [lo, hi]: readonly [number, number]): number => {
  if (f <= lo || f >= hi) return 0;
  if (f < 2 * lo) return 0.5 - 0.5 * Math.cos((Math.PI * (f - lo)) / lo);
  if (f > 0.8 * hi) return 0.5 - 0.5 * Math.cos((Math.PI * (hi - f)) / (0.2 * hi));
  return 1;
};

/** Half-width of the running mean that smooths the amplitude spectrum in whitening, in Hz. */
const SMOOTH_HZ = 0.02;

/**
 * white: spectral whitening. The trace, zero-padded to {@link fftLength}, is divided in the
 * frequency domain by its amplitude spectrum smoothed over ±0.02 Hz, tapered to the band and
 * transformed back: the result has that FFT length, so calcFft loses nothing.
 */
export const whiten = (t: Trace): Trace => {
  const nfft = fftLength(t);
  const f = realFft(nfft);
  const spec = f.forward(t.samples);
  const bins = nfft / 2 + 1;
  const amp = new Float64Array(bins + 1);
  for (let k = 0; k < bins; k++) amp[k + 1] = amp[k] + Math.hypot(spec[2 * k], spec[2 * k + 1]);
  const df = t.rate / nfft;
  const h = Math.max(1, Math.round(SMOOTH_HZ / df));
  for (let k = 0; k < bins; k++) {
    const from = Math.max(0, k - h), to = Math.min(bins, k + h + 1);
    const mean = (amp[to] - amp[from]) / (to - from);
    const w = mean > 0 ? bandTaper(k * df, t.params.band_hz) / mean : 0;
    spec[2 * k] *= w;
    spec[2 * k + 1] *= w;
  }
  return withSamples(t, f.inverse(spec));
};

/** What xcorr receives from tracePrep: the band of one station's spectrum. */
export interface Spectrum extends Band {
  readonly set: string;
  readonly index: number;
  readonly id: string;
  readonly rate: number;
  /** Energy of the whitened series, `Σ x²`, to normalise correlations. */
  readonly energy: number;
  readonly params: Trace["params"];
}

/**
 * calcFft: the spectrum of the whitened trace, of which only the band's bins are kept (as
 * Float32): outside the band whitening left zeros, and xcorr instances hold every station's
 * spectrum, so this is what bounds their memory.
 */
export const spectrum = (t: Trace): Spectrum => {
  const nfft = t.samples.length;
  const spec = realFft(nfft).forward(t.samples);
  const df = t.rate / nfft;
  const [lo, hi] = t.params.band_hz;
  const k0 = Math.max(0, Math.floor(lo / df));
  const k1 = Math.min(nfft / 2, Math.ceil(hi / df));
  let energy = 0;
  for (const v of t.samples) energy += v * v;
  return {
    set: t.set,
    index: t.index,
    id: t.id,
    rate: t.rate,
    nfft,
    k0,
    bins: Float32Array.from(spec.subarray(2 * k0, 2 * (k1 + 1))),
    energy,
    params: t.params,
  };
};
