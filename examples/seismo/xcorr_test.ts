import assert from "node:assert/strict";
import { join } from "node:path";
import * as W from "../../mod.ts";
import { mpiUnavailable } from "../../targets/mpi/mod.ts";
import { engineTest } from "../../tests/engines.ts";
import { runCli } from "../../tests/run_cli.ts";
import { makeData } from "./make_data.ts";
import { readSac } from "./sac.ts";
import { pairOwner, type PairResult, workflow } from "./xcorr.ts";

const XCORR = "examples/seismo/xcorr.ts";
const module = new URL("./xcorr.ts", import.meta.url).href;

// Five stations, 15 minutes at 10 Hz: 10 pairs, a run of a second or two.
const dir = await Deno.makeTempDir({ prefix: "dispel4ts-xcorr-" });
const truth = makeData({ stations: 5, out: join(dir, "data"), hours: 0.25, rate: 10, seed: 7, maxDelay: 30 });
const data = join(dir, "data");
const input = (out: string) => JSON.stringify({ read: [{ dir: data, out: join(dir, out) }] });

const pairResults = (stdout: string): Array<PairResult> =>
  W.readResults(stdout).map((r) => r.data as PairResult).sort((x, y) =>
    x.pair[0] - y.pair[0] || x.pair[1] - y.pair[1]
  );

/** Runs the workflow through its command line and returns the pairs, sorted. */
const cli = async (out: string, ...args: Array<string>): Promise<Array<PairResult>> => {
  const run = await runCli([XCORR, "-d", input(out), ...args]);
  assert.equal(run.code, 0, run.stderr);
  return pairResults(run.stdout);
};

const assertTruth = (pairs: ReadonlyArray<PairResult>) => {
  assert.equal(pairs.length, (5 * 4) / 2);
  const sample = 1 / truth.sampling_rate_hz;
  for (const p of pairs) {
    const [a, b] = p.pair;
    assert.ok(a < b, `pair ${a}, ${b} is ordered`);
    const expected = truth.delays_s[b] - truth.delays_s[a];
    assert.ok(
      Math.abs(p.lag_s - expected) <= sample,
      `pair ${a}-${b}: lag ${p.lag_s} s, truth ${expected} s (more than one sample apart)`,
    );
    assert.ok(p.coeff > 0.1 && p.coeff <= 1, `pair ${a}-${b}: coefficient ${p.coeff}`);
  }
};

let reference: Array<PairResult> | undefined;
const simpleResults = async () => reference ??= await cli("simple");
/** The reference results with the SAC directory of another run. */
const relocated = async (out: string) =>
  (await simpleResults()).map((p) => ({ ...p, file: p.file.replace(join(dir, "simple"), join(dir, out)) }));

Deno.test("xcorr on simple recovers every pair's lag from truth.json within one sample", async () => {
  assertTruth(await simpleResults());
});

Deno.test("xcorr writes each correlation function as a SAC file over ±100 s with its peak", async () => {
  const pairs = await simpleResults();
  for (const p of pairs) {
    const sac = readSac(await Deno.readFile(p.file));
    assert.equal(sac.data.length, 2 * 100 * 5 + 1); // decimated to 5 Hz
    assert.equal(sac.b, -100);
    assert.equal(sac.source, p.stations[0]);
    assert.equal(`${sac.network}.${sac.station}`, p.stations[1].split(".").slice(0, 2).join("."));
    assert.equal(sac.lag_s, Math.fround(p.lag_s));
    const peak = sac.data.indexOf(Math.max(...sac.data));
    assert.ok(Math.abs(sac.b + peak * sac.delta - p.lag_s) <= sac.delta, "the peak sample is at the lag");
  }
});

Deno.test("xcorr on workers -n 4 recovers the lags and gives the same results as simple", async () => {
  const pairs = await cli("workers", "--target", "workers", "-n", "4");
  assertTruth(pairs);
  assert.deepEqual(pairs, await relocated("workers"));
});

Deno.test("xcorr gives the same results whatever the number of xcorr instances (API, simple and workers)", async () => {
  for (const [target, processes] of [[W.simple, 12], [W.makeWorkers({ maxWorkers: 3 }), 25]] as const) {
    const results = await W.collect(workflow, {
      module,
      target,
      processes,
      inputs: { read: [{ dir: data, out: join(dir, "simple") }] },
    });
    const pairs = results.map((r) => r.data as PairResult).sort((x, y) =>
      x.pair[0] - y.pair[0] || x.pair[1] - y.pair[1]
    );
    assert.deepEqual(pairs, await simpleResults(), `${target.name} -n ${processes}`);
  }
});

engineTest("xcorr on mpi -n 3 gives the same results as simple", "mpi", mpiUnavailable, async () => {
  const pairs = await cli("mpi", "--target", "mpi", "-n", "3");
  assert.deepEqual(pairs, await relocated("mpi"));
});

Deno.test("pairOwner deals every pair to exactly one instance, evenly", () => {
  for (const instances of [1, 2, 3, 7]) {
    const load = new Array(instances).fill(0);
    for (let b = 1; b < 40; b++) for (let a = 0; a < b; a++) load[pairOwner(a, b, instances)]++;
    assert.equal(load.reduce((s, n) => s + n, 0), (40 * 39) / 2);
    assert.ok(Math.max(...load) - Math.min(...load) <= 1, `loads ${load}`);
  }
});

Deno.test("xcorr --plot draws the correlation functions as an SVG record section", async () => {
  const svg = join(dir, "plot.svg");
  const run = await runCli([XCORR, "-d", input("plot"), "--plot", svg]);
  assert.equal(run.code, 0, run.stderr);
  const text = await Deno.readTextFile(svg);
  assert.match(text, /^<svg /);
  assert.equal(text.match(/<polyline /g)?.length, 8, "eight of the ten pairs are drawn");
  assert.match(text, /lag \(s\)/);
});

const oneLineFailure = async (args: Array<string>, pattern: RegExp) => {
  const run = await runCli([XCORR, ...args]);
  assert.notEqual(run.code, 0);
  const lines = run.stderr.trim().split("\n");
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0], pattern);
};

Deno.test("xcorr fails with one line when the data set directory is missing", async () => {
  await oneLineFailure(
    ["-d", JSON.stringify({ read: [join(dir, "nothing")] })],
    /Cannot read data set .*no such directory/,
  );
});

Deno.test("xcorr fails with one line on a file that is not miniSEED", async () => {
  const bad = join(dir, "bad");
  await Deno.mkdir(bad);
  await Deno.writeTextFile(join(bad, "XX.BAD.00.BHZ.mseed"), "this is not a seismogram\n".repeat(10));
  await oneLineFailure(
    ["-d", JSON.stringify({ read: [{ dir: bad, response: false }] })],
    /readTrace.*Cannot read ".*XX\.BAD\.00\.BHZ\.mseed" as miniSEED/,
  );
});

Deno.test("xcorr fails with one line when a station has no response file", async () => {
  const noPz = join(dir, "nopz");
  await Deno.mkdir(noPz);
  await Deno.copyFile(join(data, "XX.S0000.00.BHZ.mseed"), join(noPz, "XX.S0000.00.BHZ.mseed"));
  await oneLineFailure(
    ["-d", JSON.stringify({ read: [noPz] })],
    /No instrument response for "XX\.S0000\.00\.BHZ\.mseed"/,
  );
});

Deno.test("xcorr refuses an unknown data set option with one line", async () => {
  await oneLineFailure(
    ["-d", JSON.stringify({ read: [{ dir: data, max_lag: 5 }] })],
    /Unknown option "max_lag"/,
  );
});

Deno.test("xcorr fails with one line when a data set is read twice", async () => {
  await oneLineFailure(["-d", JSON.stringify({ read: [data, data] })], /arrived twice: is it read twice\?/);
});

Deno.test("make_data refuses a missing --stations with one line and exit code 2", async () => {
  const run = await runCli(["examples/seismo/make_data.ts", "--out", join(dir, "x")]);
  assert.equal(run.code, 2);
  assert.match(run.stderr.trim(), /^error: Missing --stations\. Usage: .*$/);
});

Deno.test({
  name: "xcorr tests clean up",
  fn: () => Deno.remove(dir, { recursive: true }),
});
