/**
 * A target for tests: PE hosts on the main thread, linked by an in-memory transport that copies
 * each message (structured clone) and delivers it on a later turn of the event loop, as a real
 * transport would. It exercises the shared host and coordinator without threads or processes.
 *
 * @module
 */
import { coordinate, planHosts } from "../runtime/coordinator.ts";
import { PeHost } from "../runtime/host.ts";
import type { Target } from "../runtime/target.ts";

const later = (f: () => void) => setTimeout(f, 0);

/** A target running `hosts` PE hosts in this thread. */
export const memoryHosts = (hosts: number): Target => ({
  name: `memory hosts (${hosts})`,
  run: (request) => {
    const n = request.processes ?? hosts;
    const plan = planHosts(request.graph, n, hosts);
    let stopped = false;
    const running: Array<PeHost> = [];
    const coordinator = coordinate({
      request,
      plan,
      noun: "host",
      send: (h, m) => {
        const copy = structuredClone(m);
        later(() => !stopped && running[h].receive(copy));
      },
      stop: () => {
        stopped = true;
        for (const h of running) h.close();
      },
    });
    for (let h = 0; h < plan.processes; h++) {
      running.push(
        new PeHost({
          toCoordinator: (m) => {
            const copy = structuredClone(m);
            later(() => !stopped && coordinator.receive(h, copy));
          },
          toPeer: (peer, m) => {
            const copy = structuredClone(m);
            later(() => !stopped && running[peer].receivePeer(h, copy));
          },
        }, { log: request.log }),
      );
    }
    coordinator.inits.forEach((init, h) => running[h].receive(init));
    return coordinator.result;
  },
});
