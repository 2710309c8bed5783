/// <reference lib="deno.worker" />
/**
 * One end of the transport benchmark: sends or receives batches over a MessagePort, as
 * structured clones or as msgpackr-encoded, transferred bytes.
 *
 * @module
 */
import { Packr } from "msgpackr";

interface Job {
  readonly role: "send" | "receive";
  readonly port: MessagePort;
  readonly mode: "clone" | "msgpack";
  readonly kind: "numbers" | "words" | "records";
  readonly items: number;
  readonly batch: number;
}

const packr = new Packr({ structuredClone: true });
const item = (i: number, kind: Job["kind"]) =>
  kind === "numbers"
    ? i
    : kind === "words"
    ? `${i}:${WORDS[i % WORDS.length]}`
    : { id: i, word: WORDS[i % 7], value: i * 0.5 };
const WORDS = ["dispel4py", "computing", "mpi", "processing", "simple", "analysis", "data"];

self.onmessage = (e: MessageEvent<Job>) => {
  const job = e.data;
  if (job.role === "send") {
    for (let sent = 0; sent < job.items; sent += job.batch) {
      const n = Math.min(job.batch, job.items - sent);
      const batch = Array.from({ length: n }, (_, k) => item(sent + k, job.kind));
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
    const batch = (job.mode === "clone" ? m.data : packr.unpack(m.data)) as Array<
      number | string | { id: number }
    >;
    for (const x of batch) check += typeof x === "number" ? x : typeof x === "string" ? parseInt(x) : x.id;
    received += batch.length;
    if (received === job.items) self.postMessage({ received, check });
  };
  self.postMessage("ready");
};
