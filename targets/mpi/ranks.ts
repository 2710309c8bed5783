/**
 * A run on the ranks of an MPI job: every rank runs the shared PE host; rank 0 also runs the
 * shared coordinator. Messages of the host protocol travel as MPI messages in the wire codec,
 * one tag per direction; sends are non-blocking (`MPI_Isend`) and receiving polls
 * `MPI_Iprobe` from the event loop, so a rank never blocks in MPI while PEs, timers and its
 * other links wait.
 *
 * @module
 */
import { setImmediate } from "node:timers";
import { coordinate, type HostPlan, planHosts } from "../../runtime/coordinator.ts";
import type { RunSummary } from "../../runtime/executor.ts";
import { PeHost } from "../../runtime/host.ts";
import type { FromHost, PeerMessage, ToHost } from "../../runtime/host_protocol.ts";
import type { RunRequest } from "../../runtime/target.ts";
import { decode, encode } from "../../runtime/wire.ts";
import type { Message, Mpi } from "./ffi.ts";

/** MPI tags: coordinator to host, host to coordinator, host to host. */
const TO_HOST = 1;
const FROM_HOST = 2;
const PEER = 3;

/**
 * How long a rank keeps polling at full speed (about 5 µs a poll) after its last message, or
 * while sends are in progress, before it polls once a millisecond: long enough to cover the
 * round trips of a busy stream, short enough that an idle rank soon leaves the cores to others.
 */
const SPIN_MS = 50;
/** Most messages taken per turn of the event loop, so that timers and PEs get their turn. */
const PER_TURN = 64;

/**
 * Polls MPI from the event loop until stopped: at full speed while messages arrive or sends are
 * in progress, then, after {@link SPIN_MS} without either, once a millisecond, so that idle ranks
 * on an oversubscribed machine leave the cores to busy ones.
 */
const pollLoop = (mpi: Mpi, onMessage: (m: Message) => void): { stop(): void } => {
  let stopped = false;
  let busyAt = performance.now();
  const turn = () => {
    if (stopped) return;
    let got = 0;
    for (let m = mpi.poll(); m !== undefined; m = got < PER_TURN ? mpi.poll() : undefined) {
      got++;
      onMessage(m);
      if (stopped) return;
    }
    const now = performance.now();
    if (got > 0 || mpi.progressSends() > 0) busyAt = now;
    if (now - busyAt < SPIN_MS) setImmediate(turn);
    else setTimeout(turn, 1);
  };
  setImmediate(turn);
  return { stop: () => (stopped = true) };
};

/** Waits until every non-blocking send of this rank has completed. */
const sendsDone = async (mpi: Mpi): Promise<void> => {
  while (mpi.progressSends() > 0) await new Promise((r) => setImmediate(r));
};

/** The plan of a run on `ranks` ranks: ranks the placement leaves empty host nothing, and say so. */
export const planRanks = (request: RunRequest, ranks: number): HostPlan => {
  const plan = planHosts(request.graph, request.processes ?? ranks, ranks);
  const peers = Array.from({ length: ranks }, (_, r) => plan.peers[r] ?? []);
  return { ...plan, processes: ranks, peers };
};

/**
 * Runs rank 0's part: the coordinator and host 0. Resolves to the summary once every rank is
 * done; rejects with the run's failure (the caller then ends the job).
 */
export const coordinateRanks = (mpi: Mpi, request: RunRequest): Promise<RunSummary> => {
  // The first poll comes on a later turn of the event loop, once the coordinator exists.
  const poller = pollLoop(mpi, (m) => {
    if (m.tag === FROM_HOST) coordinator.receive(m.source, decode(m.bytes) as FromHost);
    else if (m.tag === PEER) host.receivePeer(m.source, decode(m.bytes) as PeerMessage);
  });
  const host: PeHost = new PeHost({
    toCoordinator: (m) => queueMicrotask(() => coordinator.receive(0, m)),
    toPeer: (peer, m) => mpi.isend(peer, PEER, encode(m)),
  }, { log: request.log });
  const unguard = host.guardProcess();
  const coordinator = coordinate({
    request,
    plan: planRanks(request, mpi.size),
    noun: "rank",
    nameHost: true,
    send: (h, m) => h === 0 ? queueMicrotask(() => host.receive(m)) : mpi.isend(h, TO_HOST, encode(m)),
    stop: () => {
      poller.stop();
      host.close();
      unguard();
    },
  });
  coordinator.inits.forEach((init, h) => h === 0 ? host.receive(init) : mpi.isend(h, TO_HOST, encode(init)));
  return coordinator.result.then(async (summary) => {
    await sendsDone(mpi);
    return summary;
  });
};

/**
 * Runs the part of a rank other than 0: a host, told what to run by rank 0. Resolves once its
 * instances are done and its last messages sent; a failure is reported to rank 0, which ends
 * the job.
 */
export const hostRank = (mpi: Mpi, log?: (line: string) => void): Promise<void> => {
  const finished = Promise.withResolvers<void>();
  const host = new PeHost({
    toCoordinator: (m: FromHost) => {
      mpi.isend(0, FROM_HOST, encode(m));
      if (m.t === "done") finished.resolve();
    },
    toPeer: (peer, m) => mpi.isend(peer, PEER, encode(m)),
  }, { log });
  const unguard = host.guardProcess();
  const poller = pollLoop(mpi, (m) => {
    if (m.tag === TO_HOST) host.receive(decode(m.bytes) as ToHost);
    else if (m.tag === PEER) host.receivePeer(m.source, decode(m.bytes) as PeerMessage);
  });
  return finished.promise.then(async () => {
    poller.stop();
    await host.close();
    unguard();
    await sendsDone(mpi);
  });
};
