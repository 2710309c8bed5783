/// <reference lib="deno.worker" />
/**
 * A worker of the `workers` target: the shared PE host, with the coordinator on the other end of
 * `postMessage` and a MessagePort per peer worker.
 *
 * @module
 */
import { PeHost } from "../../runtime/host.ts";
import type { PeerMessage } from "../../runtime/host_protocol.ts";
import type { ToWorker } from "./protocol.ts";

const ports = new Map<number, MessagePort>();

const host = new PeHost({
  toCoordinator: (m) => self.postMessage(m),
  toPeer: (peer, m) => ports.get(peer)!.postMessage(m),
}, { noun: "worker" });

host.guardProcess();

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.t === "init") {
    m.ports.forEach((port, k) => {
      const peer = m.init.peers[k].process;
      ports.set(peer, port);
      port.onmessage = (e: MessageEvent<PeerMessage>) => host.receivePeer(peer, e.data);
    });
    host.receive(m.init);
  } else host.receive(m);
};
