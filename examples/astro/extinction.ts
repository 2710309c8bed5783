/**
 * The internal extinction of a galaxy from its morphological type and axis ratio, as the original
 * dispel4py example computes it (`int_ext_graph.py`, function `internal_extinction`, in the
 * dispel4py example workflows; the form is the one HyperLEDA uses for the B band):
 *
 *     k  = min(1, 0.754 · 10^(−0.2·T))
 *     K2 = 0.12 − 0.007·T  if T < 0,  else 0.094
 *     ai = −2.5 · log10(k + (1 − k) · R^(2C(1 + 0.2/K2) − 1)),  R = 10^logR25,  C = 0.04
 *
 * with T the numerical de Vaucouleurs type of the morphological type `MType`.
 *
 * @module
 */

/**
 * The numerical type T of each morphological type, the original's `type_dict`. A type not listed
 * (blank, or a class the catalogue writes otherwise) counts as T = −10, as in the original.
 */
export const MORPHOLOGICAL_TYPES: Readonly<Record<string, number>> = {
  "E": -5,
  "E-S0": -3,
  "S0": -2,
  "S0a": 0,
  "Sa": 1,
  "Sab": 2,
  "Sb": 3,
  "Sbc": 4,
  "Sc": 6,
  "Scd": 7,
  "Sd": 8,
  "Sm": 9,
  "SBa": 1,
  "SBab": 2,
  "SBb": 3,
  "SBbc": 4,
  "SBc": 6,
  "SBcd": 7,
  "SBd": 8,
  "SBm": 9,
};

/** The type the original gives a morphological type it does not know. */
export const UNKNOWN_TYPE = -10;

const C = 0.04;

/** The numerical type of a morphological type (T = −10 for one not in the table). */
export const numericalType = (mtype: string | null): number =>
  mtype !== null && Object.hasOwn(MORPHOLOGICAL_TYPES, mtype) ? MORPHOLOGICAL_TYPES[mtype] : UNKNOWN_TYPE;

/**
 * The internal extinction `ai` (magnitudes) of a galaxy of numerical type `t` whose decimal
 * logarithm of the axis ratio is `logR25`.
 *
 * @example A face-on galaxy has none; an edge-on spiral a good deal
 * ```ts
 * import { internalExtinction } from "./extinction.ts";
 * internalExtinction(3, 0); // => 0
 * Math.round(internalExtinction(3, 0.5) * 1e4) / 1e4; // => 0.6866
 * ```
 */
export const internalExtinction = (t: number, logR25: number): number => {
  const k = Math.min(1, 0.754 * 10 ** (-0.2 * t));
  const k2 = t < 0 ? 0.12 - 0.007 * t : 0.094;
  const exponent = 2 * C * (1 + 0.2 / k2) - 1;
  const ai = -2.5 * Math.log10(k + (1 - k) * (10 ** logR25) ** exponent);
  // -0 for a face-on galaxy would print as {"$number":"-0"} in the results.
  return ai === 0 ? 0 : ai;
};
