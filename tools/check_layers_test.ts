import assert from "node:assert/strict";
import { checkLayers, importsOf, violations } from "./check_layers.ts";

Deno.test("layers: the project keeps its layering", async () => {
  assert.deepEqual(await checkLayers(new URL("..", import.meta.url).pathname), []);
});

Deno.test("layers: each forbidden import is named; comments, tests and own folders are not", () => {
  const root = "/p";
  assert.deepEqual(violations(root, "/p/ir/graph.ts", 'import { x } from "../runtime/hash.ts";'), [
    "ir/graph.ts imports runtime/hash.ts: ir may import only itself",
  ]);
  assert.deepEqual(violations(root, "/p/targets/mpi/mod.ts", 'export * from "../workers/mod.ts";'), [
    "targets/mpi/mod.ts imports targets/workers/mod.ts: targets may import only runtime, ir",
  ]);
  assert.deepEqual(violations(root, "/p/runtime/load.ts", 'const m = await import("../cli/main.ts");'), [
    "runtime/load.ts imports cli/main.ts: runtime may import only ir",
  ]);
  assert.deepEqual(violations(root, "/p/runtime/x.ts", 'import "../mod.ts";'), [
    "runtime/x.ts imports mod.ts: runtime may import only ir",
  ]);
  assert.deepEqual(violations(root, "/p/runtime/x_test.ts", 'import * as W from "../mod.ts";'), []);
  assert.deepEqual(violations(root, "/p/targets/mod.ts", 'import { simple } from "./simple/mod.ts";'), []);
  assert.deepEqual(
    importsOf('/** import * as W from "../dsl/mod.ts"; */\n// from "../cli/x.ts"\nimport "effect";'),
    [],
  );
});
