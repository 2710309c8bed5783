/**
 * One rank of the MPI streaming benchmark, run as `mpirun -n 2 deno run -A bench/mpi_stream.ts
 * MODE KIND ITEMS BATCH`: rank 0 encodes batches of data units (MODE clone: node:v8's structured
 * clone serializer; msgpack: msgpackr) and sends them to rank 1, which decodes and checks them,
 * then answers with its totals. Rank 0 prints the time from the first send to that answer as
 * one JSON line.
 *
 * @module
 */
import { deserialize, serialize } from "node:v8";
import { Packr } from "msgpackr";
import { openMpi } from "../targets/mpi/ffi.ts";
import { type Kind, makeItem, valueOf } from "./transport_items.ts";

const [mode, kind, items, batch] = [
  Deno.args[0],
  Deno.args[1] as Kind,
  Number(Deno.args[2]),
  Number(Deno.args[3]),
];
const packr = new Packr({ structuredClone: true });
const encode = (batch: Array<unknown>): Uint8Array =>
  mode === "msgpack" ? packr.pack(batch) : serialize(batch);
const decode = (bytes: Uint8Array): Array<unknown> =>
  mode === "msgpack" ? packr.unpack(bytes) : deserialize(bytes);
const DATA = 1;
const DONE = 2;

const mpi = openMpi();
mpi.barrier();
if (mpi.rank === 0) {
  const start = performance.now();
  for (let sent = 0; sent < items; sent += batch) {
    const n = Math.min(batch, items - sent);
    mpi.send(1, DATA, encode(Array.from({ length: n }, (_, k) => makeItem(sent + k, kind))));
  }
  mpi.send(1, DONE, new Uint8Array(0));
  const totals = JSON.parse(new TextDecoder().decode(mpi.receive(1, DONE).bytes));
  console.log(JSON.stringify({ millis: performance.now() - start, ...totals }));
} else {
  let received = 0;
  let check = 0;
  for (let m = mpi.receive(0); m.tag === DATA; m = mpi.receive(0)) {
    const units = decode(m.bytes);
    for (const x of units) check += valueOf(x);
    received += units.length;
  }
  mpi.send(0, DONE, new TextEncoder().encode(JSON.stringify({ received, check })));
}
mpi.finalize();
