/**
 * The stdio PE host's own throughput: one `mod.ts host` subprocess runs a producer of numbers or
 * records whose every data unit is a result, so each crosses the host's stdout as frames in the
 * wire codec; this process acts as the coordinator, decoding and acknowledging result batches.
 *
 * @module
 */
import * as W from "../mod.ts";
import type { HostInit } from "../runtime/host_protocol.ts";
import { readBatch } from "../runtime/outbox.ts";
import { startStdioHost } from "../runtime/stdio_host.ts";

/** `n` numbers, or records like the raw transport rows', from one call. */
const source = W.pe(W.fn("source", function* ([kind, n]: [string, number]) {
  if (kind === "numbers") { for (let i = 0; i < n; i++) yield i; }
  else for (let i = 0; i < n; i++) yield { id: i, k: i % 16, v: i * 0.5, tag: "sensor" };
}));
export const stream = W.workflow("stream", [source]);

/** Runs `items` data units of a kind through a stdio host; resolves to the time from start to done. */
export const measureStdioHost = async (
  kind: "numbers" | "records",
  items: number,
): Promise<{ millis: number; ok: boolean }> => {
  const graph = W.compile(stream, import.meta.url);
  const init: HostInit = {
    t: "init",
    me: 0,
    graph: W.toJson(graph),
    counts: [1],
    processOf: [0],
    feeds: [["source", { _tag: "Data", units: [{ port: "input", data: [kind, items] }] }]],
    peers: [],
    batch: 4096,
    window: 4,
  };
  const host = startStdioHost();
  const send = host.send;
  await send(init);
  let started = 0;
  let millis = NaN;
  let count = 0;
  let sum = 0;
  for await (const m of host.frames) {
    if (m.t === "ready") {
      started = performance.now();
      await send({ t: "start" });
    } else if (m.t === "results") {
      readBatch(m.items, (_n, _p, d) => {
        count++;
        sum += typeof d === "number" ? d : (d as { id: number }).id;
      }, () => {});
      await send({ t: "ack", n: 1 });
    } else if (m.t === "done") {
      millis = performance.now() - started;
      await host.close();
    } else if (m.t === "failed") throw new Error(`the host failed: ${m.error.message}`);
  }
  await host.process.status;
  return { millis, ok: count === items && sum === (items * (items - 1)) / 2 };
};

if (import.meta.main) {
  console.log(await measureStdioHost(Deno.args[0] as "numbers", Number(Deno.args[1] ?? 1e6)));
}
