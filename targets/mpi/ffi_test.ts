import assert from "node:assert/strict";
import { engineTest } from "../../tests/engines.ts";
import { mpirun, mpiUnavailable } from "./mod.ts";
import { fileURLToPath } from "node:url";

const echo = fileURLToPath(new URL("../../tests/fixtures/mpi_echo.ts", import.meta.url));

engineTest(
  "Open MPI through FFI: two ranks exchange messages of 0 B to 300 KB",
  "mpi",
  mpiUnavailable,
  async () => {
    const out = await mpirun(2, echo).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.ok(out.success, stderr);
    const seen = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.equal(seen.size, 2);
    assert.match(seen.version, /^Open MPI v\d/);
    assert.equal(seen.nothingYet, true);
    assert.deepEqual(
      seen.echoes,
      [0, 1, 1000, 300_000].map((size, i) => ({ source: 1, tag: 10 + i, size, reversed: true })),
    );
  },
);

engineTest(
  "Open MPI through FFI: a rank that throws ends the job with a failure",
  "mpi",
  mpiUnavailable,
  async () => {
    const started = performance.now();
    const out = await mpirun(2, echo, ["--fail"]).output();
    assert.equal(out.success, false);
    assert.match(new TextDecoder().decode(out.stderr), /rank 1 fails on purpose/);
    assert.ok(performance.now() - started < 20_000, "the job ended instead of hanging");
  },
);
