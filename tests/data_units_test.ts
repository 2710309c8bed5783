import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { readResults } from "../mod.ts";
import { allowedSamples, refusedSamples } from "../runtime/data_unit_samples.ts";
import { mpiUnavailable } from "../targets/mpi/mod.ts";
import { runCli } from "./run_cli.ts";

const targets = [
  ["simple"],
  ["workers", "-n", "2"],
  ...(mpiUnavailable() === undefined ? [["mpi", "-n", "2"]] : []),
];
const run = (attr: string, iterations: number, target: ReadonlyArray<string>, inputs = "{}") =>
  runCli([
    "mod.ts",
    "run",
    "tests/fixtures/data_units.ts",
    "-a",
    attr,
    "-i",
    String(iterations),
    "-d",
    inputs,
    "--target",
    ...target,
  ]);

for (const target of targets) {
  Deno.test(`every allowed kind of data unit crosses ${target.join(" ")} and its JSON Lines unchanged`, async () => {
    const r = await run("allowed", allowedSamples.length, target);
    assert.equal(r.code, 0, r.stderr);
    const got = readResults(r.stdout).map((x) => x.data);
    assert.equal(got.length, allowedSamples.length);
    // Results may arrive in any order on parallel targets: match each sample to one result.
    const left = [...got];
    for (const [label, value] of allowedSamples) {
      const at = left.findIndex((x) => isDeepStrictEqual(x, value));
      assert.ok(at >= 0, `${label} did not come back unchanged`);
      left.splice(at, 1);
    }
  });
}

Deno.test("a value outside the contract fails the same way on every target, naming PE, port and kind", async () => {
  for (const [i, [label, , refusal]] of refusedSamples.entries()) {
    if (!["function", "URL", "cyclic object", "Promise"].includes(label)) continue;
    const lines = new Set<string>();
    for (const target of targets) {
      const r = await run("refused", 1, target, JSON.stringify({ refuse: [i] }));
      assert.equal(r.code, 1, `${label} on ${target[0]}: ${r.stderr}`);
      lines.add(r.stderr.trim().replace(/ on rank \d+/, ""));
    }
    assert.equal(lines.size, 1, [...lines].join("\n"));
    const [line] = lines;
    assert.match(
      line,
      new RegExp(`^error: PE "refuse" instance 0 failed on data unit ${i}: TypeError: wrote `),
    );
    assert.ok(line.includes(`wrote ${refusal} to port "output"`), line);
  }
});
