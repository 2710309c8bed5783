/**
 * The raw limit of the workers target's transport: batches of data units between two workers,
 * as structured clones and as msgpackr-encoded transferred bytes.
 *
 * @module
 */

/** One transport measurement. */
export interface TransportResult {
  readonly mode: "clone" | "msgpack";
  readonly kind: "numbers" | "words" | "records";
  readonly items: number;
  readonly millis: number;
  readonly ok: boolean;
}

/** Sends `items` data units from one worker to another in batches and times it until all arrived. */
export const measureTransport = async (
  mode: TransportResult["mode"],
  kind: TransportResult["kind"],
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
    const millis = performance.now() - start;
    return { mode, kind, items, millis, ok: r.received === items && r.check === (items * (items - 1)) / 2 };
  } finally {
    sender.terminate();
    receiver.terminate();
  }
};
