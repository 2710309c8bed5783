import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { bandpass, decimate, demean, detrend, spectrum, whiten } from "./prep.ts";
import { decodeMiniseed, DEFAULTS, readTrace } from "./trace.ts";

/** The real AK.BMR hour (from the project's shared data), shipped with the example. */
const AK_BMR = fileURLToPath(new URL("./data/stream_AK_BMR_0.mseed", import.meta.url));
const params = { ...DEFAULTS, out: "/nonexistent", response: false };

Deno.test("readTrace reads the real AK.BMR miniSEED 2 record (Steim-2, 50 Hz, one hour)", () => {
  const t = readTrace({ set: "ak", index: 0, path: AK_BMR, params });
  assert.equal(t.id, "AK.BMR..BHZ");
  assert.equal(t.rate, 50);
  assert.equal(t.samples.length, 180000);
  assert.equal(t.start, "2020-06-01T06:00:00.008Z");
  assert.ok(t.samples.every(Number.isFinite));
  assert.ok(t.samples.some((v) => v !== t.samples[0]), "the record is not flat");
});

Deno.test("tracePrep's steps take the AK.BMR record to a 5 Hz whitened spectrum", () => {
  let t = readTrace({ set: "ak", index: 0, path: AK_BMR, params });
  for (const step of [decimate, detrend, demean, bandpass, whiten]) t = step(t);
  assert.equal(t.rate, 5);
  assert.equal(t.samples.length, 32768); // 18,000 samples and 500 lags, to a power of two
  const s = spectrum(t);
  assert.ok(s.energy > 0 && Number.isFinite(s.energy));
  assert.ok(s.bins.every(Number.isFinite));
  assert.equal(s.k0, Math.floor(0.05 / (5 / 32768)));
});

Deno.test("decodeMiniseed refuses bytes that are not miniSEED, naming the file", () => {
  assert.throws(
    () => decodeMiniseed("x.mseed", new TextEncoder().encode("<html>not found</html>".repeat(4))),
    /Cannot read "x\.mseed" as miniSEED/,
  );
});

Deno.test("readTrace names the missing response file", () => {
  assert.throws(
    () => readTrace({ set: "ak", index: 0, path: AK_BMR, params: { ...params, response: true } }),
    /No instrument response for "stream_AK_BMR_0\.mseed": expected the SAC pole-zero file ".*stream_AK_BMR_0\.pz"/,
  );
});
