import assert from "node:assert/strict";
import { mpiUnavailable } from "../targets/mpi/mod.ts";
import { runCli } from "./run_cli.ts";

const targets = [
  ["simple"],
  ["workers", "-n", "2"],
  ...(mpiUnavailable() === undefined ? [["mpi", "-n", "2"]] : []),
];

for (const target of targets) {
  Deno.test(`a PE's console.log goes to stderr, prefixed with PE and instance, on ${target[0]}`, async () => {
    const r = await runCli([
      "mod.ts",
      "run",
      "tests/fixtures/host_workflows.ts",
      "-a",
      "chattyRun",
      "-i",
      "3",
      "--target",
      ...target,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      r.stdout.trim().split("\n").map((l) => JSON.parse(l).data).sort(),
      [0, 1, 2],
    );
    const lines = r.stderr.trim().split("\n");
    for (const line of lines) assert.match(line, /^chatty \(instance [01]\): seen \d$/);
    assert.deepEqual(lines.map((l) => l.slice(-1)).sort(), ["0", "1", "2"]);
  });
}
