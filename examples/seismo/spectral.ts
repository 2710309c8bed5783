/**
 * Fourier transforms of real series with fft.js, and the cross-correlation of two spectra.
 *
 * fft.js was measured against webfft (its kissfft WebAssembly and JavaScript back ends) and the
 * OregonDSP transform inside seisplotjs, for the inverse transform each station pair costs
 * (see examples/seismo/README.md): fft.js's radix-4 complex transform of half the length, on
 * Float64Array buffers (its plain-Array buffers are 1.5-3 times slower), unpacked into a real
 * inverse, was level with the fastest, kissfft, and works in Float64 without WebAssembly.
 *
 * @module
 */
import FFT from "fft.js";

/** The smallest power of two >= n. */
export const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

/**
 * Forward and inverse real FFTs of one length (a power of two). A spectrum is `n / 2 + 1`
 * complex bins, interleaved (`re0, im0, re1, im1, ...`); the inverse scales by `1 / n`, so
 * `inverse(forward(x))` is `x`.
 *
 * @example A round trip
 * ```ts
 * import { RealFft } from "./spectral.ts";
 * const f = new RealFft(8);
 * const x = Float64Array.from([1, 2, 3, 4, 0, 0, 0, 0]);
 * const back = f.inverse(f.forward(x));
 * Array.from(back, (v) => Math.round(v * 1e9) / 1e9); // => [1, 2, 3, 4, 0, 0, 0, 0]
 * ```
 */
export class RealFft {
  readonly n: number;
  readonly #full: FFT;
  readonly #half: FFT;
  readonly #out: Float64Array;
  readonly #z: Float64Array;
  readonly #zt: Float64Array;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  readonly #scratch: Float64Array;

  constructor(n: number) {
    if (n < 4 || nextPow2(n) !== n) throw new RangeError(`FFT length must be a power of two >= 4, got ${n}`);
    this.n = n;
    this.#full = new FFT(n);
    this.#half = new FFT(n / 2);
    this.#out = new Float64Array(2 * n);
    this.#z = new Float64Array(n);
    this.#zt = new Float64Array(n);
    this.#cos = new Float64Array(n / 2);
    this.#sin = new Float64Array(n / 2);
    this.#scratch = new Float64Array(n + 2);
    for (let k = 0; k < n / 2; k++) {
      this.#cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.#sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
  }

  /** The spectrum of `x`, zero-padded to `n` (`x` may be shorter). */
  forward(x: ArrayLike<number>): Float64Array {
    const input = new Float64Array(this.n);
    input.set(x);
    this.#full.realTransform(this.#out, input);
    return this.#out.slice(0, this.n + 2);
  }

  /**
   * The real series of a spectrum of `n / 2 + 1` bins, computed with a complex FFT of `n / 2`
   * points: the even and odd samples are the real and imaginary parts of its output.
   */
  inverse(spectrum: ArrayLike<number>): Float64Array {
    return Float64Array.from(this.inverseInPlace(spectrum));
  }

  /**
   * As {@link inverse}, into a buffer of this transform that the next call overwrites: the
   * complex output of the half-length FFT, interleaved, is the real series itself.
   */
  inverseInPlace(spectrum: ArrayLike<number>): ArrayLike<number> {
    const m = this.n / 2;
    const z = this.#z;
    for (let k = 0; k < m; k++) {
      const ar = spectrum[2 * k], ai = spectrum[2 * k + 1];
      const br = spectrum[2 * (m - k)], bi = -spectrum[2 * (m - k) + 1];
      const er = (ar + br) / 2, ei = (ai + bi) / 2;
      const dr = (ar - br) / 2, di = (ai - bi) / 2;
      // O = D * e^{+2 pi i k / n}; Z = E + i O
      const c = this.#cos[k], s = this.#sin[k];
      const or = dr * c - di * s, oi = dr * s + di * c;
      z[2 * k] = er - oi;
      z[2 * k + 1] = ei + or;
    }
    this.#half.inverseTransform(this.#zt, z);
    return this.#zt;
  }

  /** A zeroed scratch spectrum of this length, reused by each call. */
  scratch(): Float64Array {
    this.#scratch.fill(0);
    return this.#scratch;
  }
}

const transforms = new Map<number, RealFft>();

/** A cached {@link RealFft} of length `n`: its tables are built once per process. */
export const realFft = (n: number): RealFft => {
  let f = transforms.get(n);
  if (f === undefined) transforms.set(n, f = new RealFft(n));
  return f;
};

/** The band of a spectrum that is kept: bins `k0` to `k0 + bins.length / 2 - 1`, interleaved. */
export interface Band {
  readonly nfft: number;
  readonly k0: number;
  readonly bins: Float32Array;
}

/** A cross-correlation function over lags `-maxLag..maxLag` samples, and its peak. */
export interface Correlation {
  /** Correlation coefficients, `2 * maxLag + 1` of them, lag `-maxLag` first. */
  readonly values: Float32Array;
  /** Lag of the peak in samples, refined between samples by a parabola through its neighbours. */
  readonly peakLag: number;
  /** The coefficient at the peak. */
  readonly peak: number;
}

/**
 * Cross-correlates two band-limited spectra of equal length and band: `c(τ) = Σ a(t) b(t + τ)`,
 * normalised by the energies `ea` and `eb` (so `c` is a correlation coefficient), at lags
 * `-maxLag..maxLag`. A signal that reaches `b` `d` samples after `a` peaks at `τ = d`.
 *
 * @example A series against itself shifted by 3 samples
 * ```ts
 * import { correlate, realFft } from "./spectral.ts";
 * const a = new Float64Array(64).map((_, i) => Math.sin(i * 1.3) + Math.cos(i * 0.4));
 * const b = new Float64Array(64);
 * b.set(a.subarray(0, 61), 3);
 * const f = realFft(128);
 * const band = (x: Float64Array) => ({ nfft: 128, k0: 0, bins: Float32Array.from(f.forward(x)) });
 * const energy = (x: Float64Array) => x.reduce((s, v) => s + v * v, 0);
 * const c = correlate(band(a), band(b), energy(a), energy(b), 10);
 * Math.round(c.peakLag); // => 3
 * ```
 */
export const correlate = (a: Band, b: Band, ea: number, eb: number, maxLag: number): Correlation => {
  const f = realFft(a.nfft);
  const cross = f.scratch();
  const x = a.bins, y = b.bins;
  for (let i = 0, k = 2 * a.k0; i < x.length; i += 2, k += 2) {
    // conj(A) * B
    cross[k] = x[i] * y[i] + x[i + 1] * y[i + 1];
    cross[k + 1] = x[i] * y[i + 1] - x[i + 1] * y[i];
  }
  const c = f.inverseInPlace(cross);
  const norm = Math.sqrt(ea * eb) || 1;
  const values = new Float32Array(2 * maxLag + 1);
  let best = 0;
  for (let j = 0; j <= 2 * maxLag; j++) {
    const lag = j - maxLag;
    values[j] = c[(lag + a.nfft) % a.nfft] / norm;
    if (values[j] > values[best]) best = j;
  }
  let shift = 0;
  let peak = values[best];
  if (best > 0 && best < 2 * maxLag) {
    const l = values[best - 1], m = values[best], r = values[best + 1];
    const curve = l - 2 * m + r;
    if (curve < 0) {
      shift = (0.5 * (l - r)) / curve;
      peak = m - 0.25 * (l - r) * shift;
    }
  }
  return { values, peakLag: best - maxLag + shift, peak };
};
