/**
 * seisplotjs, typed for the calls this example makes.
 *
 * seisplotjs 3.1.4 runs under Deno through its Node.js entry (3.2.2's defines a custom HTML
 * element when it loads and fails outside a browser), but its types come as one bundle of
 * `declare module` blocks that Deno's type checker cannot map to the package, so the functions
 * used here are declared below, as seisplotjs documents them.
 *
 * @module
 */
// @ts-expect-error: the package's bundled declarations do not resolve for "seisplotjs" (see above)
import * as lib from "seisplotjs";

/** A luxon DateTime, as seisplotjs returns it. */
export interface DateTime {
  toISO(): string | null;
}

/** A seisplotjs seismogram (one or more segments of one channel). */
export interface Seismogram {
  readonly y: Int32Array | Float32Array | Float64Array;
  readonly sampleRate: number;
  readonly segments: ReadonlyArray<unknown>;
  readonly startTime: DateTime;
  codes(): string;
}

/** An OregonDSP complex number. */
export interface Complex {
  real(): number;
  imag(): number;
}

/** A SAC pole-zero response. */
export interface SacPoleZero {
  /** The response (output over input) at each frequency in Hz. */
  calcForDisplay(freqs: Array<number>): Array<Complex>;
}

/** A miniSEED 3 record. */
export interface MSeed3Record {
  calcSize(): number;
  save(view: DataView): number;
}

/** An IIR filter of OregonDSP. */
export type IirFilter = { readonly __brand: "IirFilter" };

/** The seisplotjs modules used here. */
export interface Seisplotjs {
  readonly miniseed: {
    parseDataRecords(buffer: ArrayBufferLike): Array<unknown>;
    seismogramPerChannel(records: Array<unknown>): Array<Seismogram>;
  };
  readonly mseed3: {
    parseMSeed3Records(buffer: ArrayBufferLike): Array<unknown>;
    seismogramPerChannel(records: Array<unknown>): Array<Seismogram>;
    toMSeed3(seis: Seismogram, extraHeaders?: Record<string, unknown>): Array<MSeed3Record>;
  };
  readonly filter: {
    readonly LOW_PASS: string;
    readonly BAND_PASS: string;
    createButterworth(poles: number, passband: string, low: number, high: number, delta: number): IirFilter;
    applyFilter(filter: IirFilter, seis: Seismogram): Seismogram;
    removeTrend(seis: Seismogram): Seismogram;
    rMean(seis: Seismogram): Seismogram;
  };
  readonly taper: {
    readonly HANNING: string;
    taper(seis: Seismogram, width: number, type: string): Seismogram;
  };
  readonly sacPoleZero: { readonly SacPoleZero: { parse(text: string): SacPoleZero } };
  readonly transfer: {
    transferSacPZ(
      seis: Seismogram,
      pz: SacPoleZero,
      lowCut: number,
      lowPass: number,
      highPass: number,
      highCut: number,
    ): Seismogram;
  };
  readonly seismogram: {
    readonly Seismogram: {
      fromContiguousData(
        y: Int32Array | Float32Array | Float64Array,
        sampleRate: number,
        start: DateTime,
        sourceId?: unknown,
      ): Seismogram;
    };
  };
  readonly util: { isoToDateTime(iso: string): DateTime };
  readonly fdsnsourceid: {
    readonly FDSNSourceId: { fromNslc(n: string, s: string, l: string, c: string): unknown };
  };
}

/** The library. */
export const sp: Seisplotjs = lib;
