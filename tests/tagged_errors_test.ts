import assert from "node:assert/strict";
import * as Effect from "effect/Effect";
import { peFailureOf, run } from "../effect.ts";
import type { Target } from "../runtime/target.ts";
import { mpiUnavailable } from "../targets/mpi/mod.ts";
import { mpi, simple, workers } from "../targets/mod.ts";
import { tagged } from "./fixtures/host_workflows.ts";

const module = new URL("./fixtures/host_workflows.ts", import.meta.url).href;

const subjects: Array<[string, Target]> = [["simple", simple], ["workers", workers]];
if (mpiUnavailable() === undefined) subjects.push(["mpi", mpi]);

for (const [name, target] of subjects) {
  Deno.test(`a PE's tagged error reaches Effect.catchTag with its fields, on ${name}`, async () => {
    const got = await Effect.runPromise(
      run(tagged, { target, module, processes: 2, iterations: 10, log: () => {} }).pipe(
        Effect.map(() => "no failure"),
        Effect.catchTag("CalibrationError", (e) => {
          const where = peFailureOf(e);
          return Effect.succeed(`${e.station} ${e.code} from ${where?.pe} on ${where?.data}`);
        }),
      ),
    );
    assert.equal(got, "AK.BMR 42 from calibrate on 3");
  });
}
