import assert from "node:assert/strict";
import * as Effect from "effect/Effect";
import * as Stream from "effect/Stream";
import { runStream } from "../effect.ts";
import * as W from "../mod.ts";
import { mpiUnavailable } from "../targets/mpi/mod.ts";
import { runCli } from "./run_cli.ts";

const targets = [
  ["simple"],
  ["workers", "-n", "3"],
  ...(mpiUnavailable() === undefined ? [["mpi", "-n", "3"]] : []),
];
const stop = new Set(["the", "a", "an", "and", "of", "to", "in", "is"]);
const input = JSON.stringify({ read: ["README.md"] });

for (const target of targets) {
  Deno.test(`word count with Stream PEs and a service equals the callback one, on ${target[0]}`, async () => {
    const [effect, plain] = await Promise.all([
      runCli(["examples/word_count_effect.ts", "-d", input, "--target", ...target]),
      runCli(["examples/word_count.ts", "-d", input]),
    ]);
    assert.equal(effect.code, 0, effect.stderr);
    const counts = (text: string) =>
      W.readResults(text).map((r) => r.data as [string, number]).sort(([a], [b]) => a < b ? -1 : 1);
    assert.deepEqual(counts(effect.stdout), counts(plain.stdout).filter(([w]) => !stop.has(w)));
  });
}

Deno.test("runStream emits results as they come, and ending it early stops the run", async () => {
  let calls = 0;
  const p = W.pe(W.producer("p", (i: number) => {
    calls++;
    return i;
  }));
  const first = await Effect.runPromise(
    runStream(W.workflow("endless", [p]), { iterations: 10_000_000 }).pipe(Stream.take(3), Stream.runCollect),
  );
  assert.deepEqual(first.map((r) => r.data), [0, 1, 2]);
  await new Promise((r) => setTimeout(r, 50));
  const after = calls;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(calls, after, "the run went on after the stream ended");
  assert.ok(calls < 10_000_000);
});
