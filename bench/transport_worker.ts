/// <reference lib="deno.worker" />
/**
 * One end of the transport benchmark: sends or receives batches over a MessagePort, as
 * structured clones or as msgpackr-encoded, transferred bytes.
 *
 * @module
 */
import { Packr } from "msgpackr";
import { type Kind, makeItem, valueOf } from "./transport_items.ts";

interface Job {
  readonly role: "send" | "receive";
  readonly port: MessagePort;
  readonly mode: "clone" | "msgpack";
  readonly kind: Kind;
  readonly items: number;
  readonly batch: number;
}

const packr = new Packr({ structuredClone: true });

self.onmessage = (e: MessageEvent<Job>) => {
  const job = e.data;
  if (job.role === "send") {
    for (let sent = 0; sent < job.items; sent += job.batch) {
      const n = Math.min(job.batch, job.items - sent);
      const batch = Array.from({ length: n }, (_, k) => makeItem(sent + k, job.kind));
      if (job.mode === "clone") job.port.postMessage(batch);
      else {
        const bytes = new Uint8Array(packr.pack(batch)); // a copy: pack() returns a view of a shared buffer
        job.port.postMessage(bytes, [bytes.buffer]);
      }
    }
    return;
  }
  let received = 0;
  let check = 0;
  job.port.onmessage = (m) => {
    const batch: Array<unknown> = job.mode === "clone" ? m.data : packr.unpack(m.data);
    for (const x of batch) check += valueOf(x);
    received += batch.length;
    if (received === job.items) self.postMessage({ received, check });
  };
  self.postMessage("ready");
};
