import assert from "node:assert/strict";
import * as Effect from "effect/Effect";
import * as W from "../mod.ts";
import type { FromHost, HostInit } from "../runtime/host_protocol.ts";
import { decodeError } from "../runtime/failure_codec.ts";
import { readBatch } from "../runtime/outbox.ts";
import { startStdioHost } from "../runtime/stdio_host.ts";
import { type CalibrationError, chattyRun, squares, tagged } from "./fixtures/host_workflows.ts";

const fixture = new URL("./fixtures/host_workflows.ts", import.meta.url).href;

/** Everything one stdio host run said, and how its process ended. */
interface HostRun {
  readonly results: Array<unknown>;
  readonly last: FromHost;
  readonly code: number;
  readonly stderr: string;
}

/** Runs one whole workflow in a `mod.ts host` subprocess, acting as its coordinator. */
const runHost = async (wf: W.Workflow, iterations: number): Promise<HostRun> => {
  const graph = W.compile(wf, fixture);
  const counts = graph.nodes.map((n) => (n.id === "square" ? 2 : 1));
  const init: HostInit = {
    t: "init",
    me: 0,
    graph: W.toJson(graph),
    counts,
    processOf: Array(counts.reduce((a, b) => a + b, 0)).fill(0),
    feeds: [["src", { _tag: "Iterations", count: iterations }]],
    peers: [],
    batch: 2,
    window: 1,
  };
  const host = startStdioHost({ stderr: "piped", env: { NO_COLOR: "1" } });
  const send = host.send;
  const stderr = new Response(host.process.stderr).text();
  await send(init);
  const results: Array<unknown> = [];
  let last: FromHost | undefined;
  for await (const m of host.frames) {
    if (m.t === "ready") await send({ t: "start" });
    else if (m.t === "results") {
      readBatch(m.items, (_node, _port, data) => void results.push(data), () => {});
      await send({ t: "ack", n: 1 });
    } else if (m.t === "done" || m.t === "failed") {
      last = m;
      await host.close();
    }
  }
  const { code } = await host.process.status;
  return { results, last: last!, code, stderr: await stderr };
};

Deno.test("stdio host: runs a workflow over length-prefixed frames and exits 0", async () => {
  const r = await runHost(squares, 10);
  assert.equal(r.last.t, "done");
  assert.deepEqual(r.last.t === "done" && r.last.processed, { src: 10, square: 10 });
  assert.deepEqual([...r.results].sort((a, b) => (a as number) - (b as number)), [
    0,
    1,
    4,
    9,
    16,
    25,
    36,
    49,
    64,
    81,
  ]);
  assert.equal(r.code, 0);
});

Deno.test("stdio host: a tagged PE error crosses with PE, instance, data unit, _tag and fields", async () => {
  const r = await runHost(tagged, 10);
  assert.equal(r.code, 1);
  assert.equal(r.last.t, "failed");
  const e = decodeError((r.last as Extract<FromHost, { t: "failed" }>).error) as W.PeFailure;
  assert.ok(e instanceof W.PeFailure);
  assert.equal(
    e.message,
    'PE "calibrate" instance 0 failed on data unit 3: CalibrationError: {"station":"AK.BMR","code":42}',
  );
  const original = e.error as CalibrationError;
  assert.equal(original._tag, "CalibrationError");
  assert.equal(original.station, "AK.BMR");
  assert.equal(original.code, 42);
  assert.match(original.stack ?? "", /host_workflows\.ts/);
  const caught = await Effect.runPromise(
    Effect.fail(original).pipe(Effect.catchTag("CalibrationError", (c) => Effect.succeed(c.code))),
  );
  assert.equal(caught, 42);
});

Deno.test("stdio host: PE console output goes to stderr, prefixed; stdout carries only frames", async () => {
  const r = await runHost(chattyRun, 3);
  assert.equal(r.code, 0);
  assert.deepEqual(r.results, [0, 1, 2]);
  assert.deepEqual(r.stderr.trim().split("\n"), [
    "chatty (instance 0): seen 0",
    "chatty (instance 0): seen 1",
    "chatty (instance 0): seen 2",
  ]);
});
