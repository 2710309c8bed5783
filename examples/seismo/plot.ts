/**
 * Draws correlation functions as an SVG record section, in the manner of the dispel4py paper's
 * Figure 4: one trace per station pair, lag on the horizontal axis, each normalised to its own
 * peak, the pick (peak lag) marked.
 *
 * @module
 */
import type { SacCorrelation } from "./sac.ts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Tick spacing for an axis of `span` units: 1, 2 or 5 times a power of ten, about 8 ticks. */
const tickStep = (span: number) => {
  const raw = span / 8;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
};

/**
 * An SVG document showing `traces` (at most a dozen read well), titled `title`.
 *
 * @example One trace, drawn
 * ```ts
 * import { plotCorrelations } from "./plot.ts";
 * const c = { delta: 1, b: -2, source: "XX.A..BHZ", station: "B", network: "XX", lag_s: 0, coeff: 1,
 *   data: Float32Array.from([0, 0.5, 1, 0.5, 0]) };
 * plotCorrelations([c], "test").startsWith("<svg"); // => true
 * ```
 */
export const plotCorrelations = (traces: ReadonlyArray<SacCorrelation>, title: string): string => {
  const width = 900, rowH = 56, top = 48, left = 210, right = 24, bottom = 48;
  const height = top + rowH * Math.max(1, traces.length) + bottom;
  const plotW = width - left - right;
  const lo = Math.min(...traces.map((t) => t.b));
  const hi = Math.max(...traces.map((t) => t.b + t.delta * (t.data.length - 1)));
  const x = (lag: number) => left + ((lag - lo) / (hi - lo || 1)) * plotW;
  const out: Array<string> = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${esc(title)}</text>`,
  ];
  const step = tickStep(hi - lo);
  const axisY = top + rowH * traces.length + 8;
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
    const tx = x(t).toFixed(1);
    out.push(
      `<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${axisY}" stroke="${
        Math.abs(t) < 1e-9 ? "#888" : "#e4e4e4"
      }"/>`,
      `<text x="${tx}" y="${axisY + 16}" text-anchor="middle">${+t.toFixed(6)}</text>`,
    );
  }
  out.push(
    `<line x1="${left}" y1="${axisY}" x2="${width - right}" y2="${axisY}" stroke="black"/>`,
    `<text x="${left + plotW / 2}" y="${
      axisY + 36
    }" text-anchor="middle">lag (s): positive when the signal reaches the second station later</text>`,
  );
  traces.forEach((t, row) => {
    const mid = top + rowH * row + rowH / 2;
    const peak = Math.max(...t.data.map(Math.abs)) || 1;
    const pts = Array.from(
      t.data,
      (v, i) => `${x(t.b + i * t.delta).toFixed(1)},${(mid - (v / peak) * (rowH * 0.45)).toFixed(1)}`,
    );
    out.push(
      `<polyline fill="none" stroke="#1f4e9c" stroke-width="1" points="${pts.join(" ")}"/>`,
      `<line x1="${x(t.lag_s).toFixed(1)}" y1="${mid - rowH / 2 + 4}" x2="${x(t.lag_s).toFixed(1)}" y2="${
        mid + rowH / 2 - 4
      }" stroke="#d62728" stroke-dasharray="3,2"/>`,
      `<text x="${left - 10}" y="${mid - 4}" text-anchor="end">${esc(`${t.source} →`)}</text>`,
      `<text x="${left - 10}" y="${mid + 12}" text-anchor="end">${
        esc(`${t.network}.${t.station}  ${t.lag_s.toFixed(2)} s`)
      }</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
};
