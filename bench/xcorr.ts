/**
 * `deno task bench:xcorr [--stations 1000] [--target workers] [-n 2]`: the ambient-noise
 * cross-correlation of examples/seismo at the paper's scale (1,000 stations, one hour at 10 Hz,
 * 499,500 pairs), in a fresh process through bench/measure.ts: wall time, pairs per second, peak
 * memory, and how many lags match the data's truth. The data are generated once into
 * `out/bench/seismo<N>/`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { makeData } from "../examples/seismo/make_data.ts";
import type { PairResult } from "../examples/seismo/xcorr.ts";

const root = new URL("../", import.meta.url);

/**
 * The directory of a generated data set of `stations` stations (one hour at 10 Hz, seed 1),
 * made on first use.
 */
export const seismoData = (stations: number): string => {
  const dir = fileURLToPath(new URL(`out/bench/seismo${stations}`, root));
  try {
    Deno.statSync(`${dir}/truth.json`);
  } catch {
    console.error(`generating ${stations} stations into ${dir}`);
    makeData({ stations, out: dir, hours: 1, rate: 10, seed: 1, maxDelay: 40 });
  }
  return dir;
};

/** The inputs of a run over a data set: correlation functions into `<dir>/xcorr`. */
export const xcorrInputs = (dir: string): unknown => ({ read: [dir] });

/**
 * Checks a run's results against the data set's truth: every pair once, each lag within one
 * sample. Says what is wrong, or undefined.
 */
export const checkXcorr = (dir: string, stations: number) => {
  const truth = JSON.parse(Deno.readTextFileSync(`${dir}/truth.json`)) as {
    sampling_rate_hz: number;
    delays_s: Array<number>;
  };
  return (results: ReadonlyArray<unknown>): string | undefined => {
    const pairs = results as ReadonlyArray<PairResult>;
    const expected = (stations * (stations - 1)) / 2;
    if (pairs.length !== expected) return `${pairs.length} pairs, not ${expected}`;
    const off = pairs.filter((p) =>
      Math.abs(p.lag_s - (truth.delays_s[p.pair[1]] - truth.delays_s[p.pair[0]])) > 1 / truth.sampling_rate_hz
    );
    return off.length === 0 ? undefined : `${off.length} lags more than a sample from the truth`;
  };
};

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      stations: { type: "string", default: "1000" },
      target: { type: "string", default: "workers" },
      n: { type: "string", short: "n", default: "2" },
    },
  });
  const stations = Number(values.stations);
  const dir = seismoData(stations);
  const pairs = (stations * (stations - 1)) / 2;
  console.error(`xcorr: ${stations} stations, ${pairs} pairs on ${values.target} -n ${values.n}`);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "bench/measure.ts",
      "examples/seismo/xcorr.ts",
      JSON.stringify(xcorrInputs(dir)),
      values.target!,
      values.n!,
    ],
    cwd: root,
    stderr: "inherit",
  }).output();
  if (!out.success) {
    console.error("error: the xcorr run failed");
    Deno.exit(1);
  }
  const m = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    millis: number;
    rss: number;
    results: unknown[];
  };
  const wrong = checkXcorr(dir, stations)(m.results);
  const seconds = m.millis / 1000;
  console.log(
    `| xcorr, ${stations} stations | ${values.target} -n ${values.n} | ${seconds.toFixed(1)} s | ${
      Math.round(pairs / seconds)
    } pairs/s | ${(m.rss / 2 ** 20).toFixed(0)} MiB peak RSS | ${wrong ?? "lags ok"} |`,
  );
  if (wrong !== undefined) Deno.exit(1);
}
