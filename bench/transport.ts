/**
 * The raw limits of moving data units between two parties, in batches: two Web Workers over a
 * MessageChannel (what the workers target uses), and two Open MPI ranks through the FFI binding
 * (what an MPI target would use). Each is measured as structured clones (for MPI: node:v8's
 * serializer, the same format) and as msgpackr bytes.
 *
 * @module
 */
import { mpirun } from "../targets/mpi/launch.ts";
import type { Kind } from "./transport_items.ts";
import { fileURLToPath } from "node:url";

/** How batches are encoded. */
export type Mode = "clone" | "msgpack";

/** One transport measurement. */
export interface TransportResult {
  readonly millis: number;
  readonly ok: boolean;
}

const expected = (items: number, r: { received: number; check: number }) =>
  r.received === items && r.check === (items * (items - 1)) / 2;

/** Sends `items` data units from one worker to another in batches and times it until all arrived. */
export const measureTransport = async (
  mode: Mode,
  kind: Kind,
  items: number,
  batch = 4096,
): Promise<TransportResult> => {
  const url = new URL("./transport_worker.ts", import.meta.url).href;
  const sender = new Worker(url, { type: "module" });
  const receiver = new Worker(url, { type: "module" });
  const channel = new MessageChannel();
  try {
    const ready = new Promise((ok) => (receiver.onmessage = ok));
    receiver.postMessage({ role: "receive", port: channel.port2, mode, kind, items, batch }, [channel.port2]);
    await ready;
    const done = new Promise<{ received: number; check: number }>((
      ok,
    ) => (receiver.onmessage = (e) => ok(e.data)));
    const start = performance.now();
    sender.postMessage({ role: "send", port: channel.port1, mode, kind, items, batch }, [channel.port1]);
    const r = await done;
    return { millis: performance.now() - start, ok: expected(items, r) };
  } finally {
    sender.terminate();
    receiver.terminate();
  }
};

/** Streams `items` data units from rank 0 to rank 1 of a 2-rank Open MPI job; times it on rank 0. */
export const measureMpiTransport = async (
  mode: Mode,
  kind: Kind,
  items: number,
  batch = 4096,
): Promise<TransportResult> => {
  const program = fileURLToPath(new URL("./mpi_stream.ts", import.meta.url));
  const out = await mpirun(2, program, [mode, kind, String(items), String(batch)]).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `MPI transport ${mode} ${kind} failed: ${
        new TextDecoder().decode(out.stderr).trim().split("\n").pop()
      }`,
    );
  }
  const r = JSON.parse(text);
  return { millis: r.millis, ok: expected(items, r) };
};
