/// <reference lib="deno.worker" />
/**
 * A worker of the `workers` target: rebuilds its PE instances from the graph IR and the workflow
 * module, runs them in an executor, and trades batches with its peers.
 *
 * @module
 */
import { getHeapStatistics } from "node:v8";
import { fromJson } from "../../ir/json.ts";
import { renderData } from "../../runtime/errors.ts";
import { Executor, type Remote } from "../../runtime/executor.ts";
import type { RootInputs } from "../../runtime/inputs.ts";
import { layout } from "../../runtime/layout.ts";
import { loadCode, loadingModule } from "../../runtime/load.ts";
import { Outbox, readBatch } from "../../runtime/outbox.ts";
import type { FailureData, FromWorker, Init, PeerMessage, ToWorker } from "./protocol.ts";

const post = (m: FromWorker) => self.postMessage(m);

let executor: Executor | undefined;
let failed = false;

const fail = (e: unknown): void => {
  if (failed) return;
  failed = true;
  const err = (typeof e === "object" && e !== null ? e : {}) as { _tag?: string } & Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const k of ["pe", "instance", "phase", "data", "cause", "module", "reason"]) {
    if (k in err) fields[k] = err[k];
  }
  const error: FailureData = {
    tag: err._tag ?? "Error",
    message: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    fields,
  };
  post({ t: "failed", error });
};

// A PE that calls Deno.exit would end this worker silently; report it as the PE's failure instead.
Object.defineProperty(Deno, "exit", {
  configurable: true,
  writable: true,
  value: (code?: number): never => {
    const inst = executor?.currentInstance;
    fail({
      _tag: "PeFailure",
      pe: inst?.pe ?? "?",
      instance: inst?.instance ?? 0,
      phase: "process",
      data: renderData(executor?.currentData),
      cause: `called Deno.exit(${code ?? 0}), which would end its worker`,
    });
    self.close();
    throw new Error("worker closed by Deno.exit");
  },
});

/**
 * A worker whose heap fills up would take the whole process down with V8's fatal error, and
 * Deno has no per-worker heap limit; so each worker watches its own heap, every 256 PE calls
 * (about 2 µs each time) and four times a second, and fails the run cleanly, naming the PE it was running, once
 * the heap passes this fraction of its limit.
 */
const HEAP_FRACTION = 0.8;
const heapLimit = getHeapStatistics().heap_size_limit;
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

const checkHeap = () => {
  // Committed heap, not live data: V8 gives up once it cannot grow the heap, often with a third
  // of it still free but fragmented.
  const used = getHeapStatistics().total_heap_size;
  if (used < HEAP_FRACTION * heapLimit || failed) return;
  const inst = executor?.currentInstance;
  const where = inst
    ? `, last in PE "${inst.pe}" instance ${inst.instance} on data unit ${renderData(executor?.currentData)}`
    : "";
  fail(`its heap is nearly full (${mib(used)} of ${mib(heapLimit)} MiB)${where}`);
  throw new RangeError("worker heap nearly full");
};

/** Incoming peer batches, processed one at a time, in arrival order. */
const incoming: Array<{ items: Array<unknown>; ack: () => void }> = [];
let pumping = false;
const outboxes = new Map<number, Outbox>();
let results: Outbox;
let flushScheduled = false;

const flushAll = () => {
  flushScheduled = false;
  for (const box of outboxes.values()) box.flush();
  results.flush();
};

const scheduleFlush = () => {
  if (flushScheduled) return;
  flushScheduled = true;
  setTimeout(flushAll, 2);
};

const pump = async () => {
  pumping = true;
  try {
    while (incoming.length > 0 && !failed) {
      const { items, ack } = incoming.shift()!;
      const r = readBatch(items, deliver, endOfStream);
      if (r !== undefined) await r;
      ack();
    }
    flushAll();
  } catch (e) {
    fail(e);
  } finally {
    pumping = false;
  }
};

const deliver = (gid: number, port: number, data: unknown) => executor!.deliver(gid, port, data);
const endOfStream = (gid: number, from: number) => executor!.eos(gid, from);

const receive = (items: Array<unknown>, ack: () => void) => {
  incoming.push({ items, ack });
  if (!pumping) void pump();
};

let feeds: RootInputs = new Map();

const init = async (m: Init) => {
  const graph = fromJson(m.graph);
  const counts = new Map(graph.nodes.map((n, i) => [n.id as string, m.counts[i]]));
  const l = layout(graph, counts);
  feeds = new Map(m.feeds as Array<[string, never]>);
  const options = (blocking: boolean, send: (items: Array<unknown>) => void) => ({
    batch: m.batch,
    window: m.window,
    blocking,
    send,
  });
  for (const peer of m.peers) {
    const box = new Outbox(options(peer.blocking, (items) => peer.port.postMessage({ t: "batch", items })));
    outboxes.set(peer.worker, box);
    peer.port.onmessage = (e: MessageEvent<PeerMessage>) => {
      const msg = e.data;
      if (msg.t === "ack") box.ack(msg.n);
      else receive(msg.items, () => peer.port.postMessage({ t: "ack", n: 1 }));
    };
  }
  results = new Outbox(options(true, (items) => post({ t: "results", items })));
  const portIndex = new Map<string, [number, number]>();
  graph.nodes.forEach((node, n) => node.outputs.forEach((p, k) => portIndex.set(`${node.id}\0${p}`, [n, k])));
  const remote: Remote = {
    deliver: (gid, port, data) => {
      scheduleFlush();
      return outboxes.get(m.processOf[gid])!.push(gid, port, data);
    },
    eos: (gid, from) => {
      scheduleFlush();
      outboxes.get(m.processOf[gid])!.signal(gid, from);
    },
  };
  executor = new Executor({
    graph,
    layout: l,
    code: await loadingModule(() => loadCode(graph)),
    hosts: (gid) => m.processOf[gid] === m.me,
    remote,
    onResult: (pe, port, data) => {
      const [n, k] = portIndex.get(`${pe}\0${port}`)!;
      scheduleFlush();
      return results.push(n, k, data);
    },
    log: (line) => console.error(line),
    onTick: checkHeap,
    tickEvery: 256,
  });
  await executor.setup();
  post({ t: "ready" });
};

const start = () => {
  const exec = executor!;
  const timer = setInterval(() => {
    post({ t: "progress", processed: exec.processed() });
    checkHeap();
  }, 250);
  exec.feed(feeds).catch(fail);
  exec.finished.then(async () => {
    flushAll();
    await Promise.all([...outboxes.values(), results].map((box) => box.drained()));
    clearInterval(timer);
    post({ t: "done", processed: exec.processed() });
  }).catch((e) => {
    clearInterval(timer);
    fail(e);
  });
};

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.t === "init") init(m).catch(fail);
  else if (m.t === "start") start();
  else results.ack(m.n);
};

// Errors thrown outside any PE call (from a PE's timer, say) end the run through the coordinator.
self.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  fail(e.reason);
});
self.addEventListener("error", (e) => {
  e.preventDefault();
  fail(e.error ?? e.message);
});
