import assert from "node:assert/strict";
import * as W from "../mod.ts";
import { PeFailure } from "../runtime/errors.ts";
import { runCli } from "./run_cli.ts";

const numbers = W.pe(W.producer("numbers", (i: number) => i));
// A PE that swallows errors from its own writes: a downstream failure must still fail the run.
const careless = W.pe(W.generic({
  name: "careless",
  inputs: { input: W.port<number>() },
  outputs: { output: W.port<number>() },
  process: ({ data }, ctx) => {
    try {
      ctx.write("output", data);
    } catch {
      ctx.write("output", -1);
    }
  },
}));
const picky = W.pe(W.fn("picky", (x: number) => {
  if (x === 2) throw new Error("two is not allowed");
  return x;
}));

/** Loaded by the workers from this module, by name. */
export const swallowed = W.workflow("swallowed", [
  W.connect(numbers.out.output, careless.in.input),
  W.connect(careless.out.output, picky.in.input),
]);

Deno.test("a PE failure fails the run even when an upstream PE catches it around its write", async () => {
  const module = new URL("./failure_paths_test.ts", import.meta.url).href;
  for (
    const [target, processes] of [[W.simple, undefined], [W.targets.workers, 1], [
      W.targets.workers,
      3,
    ]] as const
  ) {
    await assert.rejects(
      W.collect(swallowed, { target, processes, iterations: 4, module }),
      (e) => e instanceof PeFailure && e.pe === "picky" && /two is not allowed/.test(e.cause),
      `${target.name} -n ${processes}`,
    );
  }
});

Deno.test("collect() with an aborted signal rejects with the signal's reason, on simple and workers", async () => {
  const module = new URL("./failure_paths_test.ts", import.meta.url).href;
  for (const target of [W.simple, W.targets.workers]) {
    const controller = new AbortController();
    controller.abort(new Error("stop now"));
    await assert.rejects(
      W.collect(swallowed, { target, iterations: 4, module, signal: controller.signal }),
      /stop now/,
      target.name,
    );
  }
});

Deno.test("a module that runs itself at top level on workers fails at once instead of recursing", async () => {
  const out = await runCli(["tests/fixtures/unguarded.ts"], AbortSignal.timeout(30_000));
  assert.notEqual(out.code, 0);
  assert.match(out.stderr, /guard top-level runs with "if \(import.meta.main\)"/);
});
