/**
 * The task program against Storm's multilang protocol as documented, without Storm: this test
 * plays ShellSpout and ShellBolt for a two-task run (handshake, `next`/`sync`, tuples, acks,
 * heartbeats) and the driver's end of the channel. The real engine runs in `storm_test.ts`.
 */
import assert from "node:assert/strict";
import { compile } from "../../dsl/compile.ts";
import { planEngine } from "../../runtime/engine_host.ts";
import { readBatch } from "../../runtime/outbox.ts";
import { decode, encode, readFrames } from "../../runtime/wire.ts";
import { counted } from "../../tests/conformance/workflows.ts";
import type { TaskReport } from "./channel.ts";
import { multilangMessage, readMultilang } from "./multilang.ts";

type Message = Record<string, unknown>;

/** A task process, seen from its shell component. */
const startTask = (handshake: unknown) => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../../mod.ts", import.meta.url).href, "storm-task"],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  const writer = child.stdin.getWriter();
  const send = (m: unknown) => writer.write(new TextEncoder().encode(multilangMessage(m)));
  const messages = readMultilang(child.stdout)[Symbol.asyncIterator]();
  const next = async () => (await messages.next()).value as Message;
  void send(handshake);
  return { child, send, next, close: () => writer.close() };
};

Deno.test("storm-task speaks multilang: pid handshake, spout next/emit/sync, bolt tuples, acks and heartbeats", async () => {
  const url = new URL("../../tests/conformance/workflows.ts", import.meta.url).href;
  const graph = compile(counted, url);
  const { init } = planEngine(graph, 1, new Map([["src", { _tag: "Iterations", count: 7 }]]));
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const pidDir = await Deno.makeTempDir();
  const components = ["0-src", "1-total"];
  const conf = {
    "dispel4ts.init": encode(init).toBase64(),
    "dispel4ts.driver": `127.0.0.1:${listener.addr.port}`,
    "dispel4ts.components": components,
  };
  const handshake = (taskid: number) => ({
    conf,
    pidDir,
    context: {
      "task->component": { "1": "0-src", "2": "1-total" },
      taskid,
      componentid: components[taskid - 1],
    },
  });

  // The driver's end: hello, results and done from each task.
  const reports: Array<TaskReport> = [];
  const done = Promise.withResolvers<void>();
  const serving = (async () => {
    const conns = [];
    for await (const conn of listener) {
      conns.push((async () => {
        for await (const bytes of readFrames(conn.readable)) {
          const m = decode(bytes) as TaskReport;
          reports.push(m);
          if (reports.filter((r) => r.t === "done").length === 2) done.resolve();
        }
      })());
      if (conns.length === 2) break;
    }
    await Promise.all(conns);
  })();

  const spout = startTask(handshake(1));
  const bolt = startTask(handshake(2));
  const spoutPid = (await spout.next()).pid as number;
  const boltPid = (await bolt.next()).pid as number;
  assert.equal(spoutPid, spout.child.pid);
  assert.equal(boltPid, bolt.child.pid);
  await Deno.stat(`${pidDir}/${spoutPid}`);
  await Deno.stat(`${pidDir}/${boltPid}`);

  await bolt.send({ id: "hb", comp: null, stream: "__heartbeat", task: -1, tuple: [] });
  assert.deepEqual(await bolt.next(), { command: "sync" });

  // Storm asks the spout for tuples; each emit goes to the bolt, which acks it.
  let finished = false;
  void done.promise.then(() => (finished = true));
  let tuples = 0;
  while (!finished) {
    await spout.send({ command: "next" });
    for (let m = await spout.next(); m.command !== "sync"; m = await spout.next()) {
      assert.equal(m.command, "emit");
      assert.equal(m.stream, "d");
      assert.equal(m.task, 2);
      assert.equal(m.need_task_ids, false);
      const id = `t${tuples++}`;
      await bolt.send({ id, comp: "0-src", stream: "d", task: 1, tuple: m.tuple });
      assert.deepEqual(await bolt.next(), { command: "ack", id });
    }
  }
  assert.ok(tuples >= 2, "the data and the end of stream");
  const results: Array<unknown> = [];
  for (const r of reports) {
    if (r.t === "results") readBatch(r.items, (_n, _p, data) => void results.push(data), () => {});
  }
  assert.deepEqual(results, [7]);
  assert.deepEqual(reports.filter((r) => r.t === "hello").map((r) => r.t === "hello" && r.gid).sort(), [
    0,
    1,
  ]);

  // Storm ends a task by closing its stdin.
  await spout.close();
  await bolt.close();
  assert.equal((await spout.child.status).code, 0);
  assert.equal((await bolt.child.status).code, 0);
  // Leaving the loop over the listener closed it.
  await serving;
  await Deno.remove(pidDir, { recursive: true });
});
