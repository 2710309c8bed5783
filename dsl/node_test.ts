import assert from "node:assert/strict";
import { inspect } from "node:util";
import * as W from "./mod.ts";

const node = W.pe(W.fn("split", (line: string) => line.split(" ")));

Deno.test("port-handle records behave as plain records of their ports", async () => {
  assert.equal(JSON.stringify(node.out), '{"output":{"_tag":"OutPort","node":"split","port":"output"}}');
  assert.equal(JSON.stringify(node.in.input), '{"_tag":"InPort","node":"split","port":"input"}');
  assert.doesNotThrow(() => JSON.stringify(node));
  assert.deepEqual(Object.keys(node.out), ["output"]);
  assert.deepEqual(Object.keys({ ...node.in }), ["input"]);
  assert.equal({ ...node.out }.output, node.out.output);
  assert.equal("then" in node.out, false);
  assert.equal((node.out as Record<string, unknown>).then, undefined);
  assert.equal((node.in as Record<string, unknown>).toJSON, undefined);
  assert.equal(await node.out, node.out);
  assert.equal(await node, node);
  assert.equal(String(node.out), "[object Object]");
});

Deno.test("inspecting a node or its handles names the node instead of printing it again", () => {
  assert.equal(Deno.inspect(node.out), '{ output: { _tag: "OutPort", node: "split", port: "output" } }');
  assert.equal(inspect(node.in), "{ input: { _tag: 'InPort', node: 'split', port: 'input' } }");
  assert.match(
    Deno.inspect(node, { depth: 4 }),
    /out: \{ output: \{ _tag: "OutPort", node: "split", port: "output" \} \}/,
  );
});

Deno.test("a port the PE does not have is still a handle, which compiling the workflow refuses", () => {
  const sink = W.pe(W.consumer("sink", (_words: Array<string>) => {}));
  // @ts-expect-error no such port
  const handle = node.out.words;
  assert.equal(handle._tag, "OutPort");
  assert.equal(handle.port, "words");
  assert.throws(
    () => W.compile(W.workflow("w", [W.connect(handle, sink.in.input)]), "mem:w"),
    (e: Error & { problems?: Array<string> }) =>
      (e.problems ?? []).some((p) => /PE "split" has no output port "words" \(its outputs: output\)/.test(p)),
  );
});
