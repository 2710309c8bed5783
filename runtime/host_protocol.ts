/**
 * The messages of the PE host protocol, the same over every transport: between the coordinator
 * of a run and its hosts (one per process: a Web Worker, an MPI rank, a subprocess in a Spark
 * executor or a Storm worker), and between hosts.
 *
 * Batches are the runs of `outbox.ts`. Peer batches carry data for instance `gid` on input
 * `port`, and end-of-stream signals `[gid, fromGid, 0]`; result batches carry data for output
 * `port` of node `node`. Every message is plain data: structured clone and the wire codec
 * (`wire.ts`) both carry it.
 *
 * @module
 */
import type { ErrorData } from "./failure_codec.ts";
import type { RootFeed } from "./inputs.ts";
import type { HostReport } from "./monitor.ts";

/** What a host is told before a run: the graph, the instance layout, and its part in it. */
export interface HostInit {
  readonly t: "init";
  /** This host's process number. */
  readonly me: number;
  /** The graph, as IR JSON text. */
  readonly graph: string;
  /** Instance count per node index. */
  readonly counts: ReadonlyArray<number>;
  /** The process hosting each instance, by global id. */
  readonly processOf: ReadonlyArray<number>;
  /** The root inputs, as `[node id, feed]` pairs. */
  readonly feeds: ReadonlyArray<readonly [string, RootFeed]>;
  /** The hosts this one sends batches to, and whether writes to each may block. */
  readonly peers: ReadonlyArray<{ readonly process: number; readonly blocking: boolean }>;
  /** Data units per batch. */
  readonly batch: number;
  /** Batches in flight per link before writers wait. */
  readonly window: number;
  /** Measure the instances and send `monitor` reports (see `monitor.ts`). */
  readonly monitor?: boolean;
}

/** From the coordinator to a host: init, start (once every host is ready), and result acks. */
export type ToHost = HostInit | { readonly t: "start" } | { readonly t: "ack"; readonly n: number };

/** A PE call that has not settled: what a stalled run is waiting on. */
export interface Waiting {
  readonly pe: string;
  readonly instance: number;
  /** A short rendering of the data unit. */
  readonly data: string;
  /** Milliseconds since the call started. */
  readonly millis: number;
}

/** Per-node processed counts, as hosts report them. */
export type Processed = Readonly<Record<string, number>>;

/** From a host to the coordinator. */
export type FromHost =
  | { readonly t: "ready" }
  | { readonly t: "results"; readonly items: Array<unknown> }
  | { readonly t: "progress"; readonly processed: Processed; readonly waiting?: Waiting }
  /**
   * What monitoring measured (only when the init asked for it): now and then during the run,
   * and once before `done` or `failed`. Plain data, complete in itself: transports forward it
   * like any other message.
   */
  | { readonly t: "monitor"; readonly report: HostReport }
  | { readonly t: "done"; readonly processed: Processed; readonly peakRss: number }
  | { readonly t: "failed"; readonly error: ErrorData };

/**
 * Between hosts: a batch, or the acknowledgement of `n` batches. A monitored run stamps each
 * batch with its sending time (`at`, epoch milliseconds) for the latency of the link.
 */
export type PeerMessage =
  | { readonly t: "batch"; readonly items: Array<unknown>; readonly at?: number }
  | { readonly t: "ack"; readonly n: number };

/**
 * How a host talks to the rest of the run. A target provides it; the host never knows whether
 * the other end is a thread, a rank or a pipe.
 */
export interface HostTransport {
  /** Sends a message to the coordinator. */
  toCoordinator(message: FromHost): void;
  /** Sends a batch or an acknowledgement to another host. */
  toPeer(peer: number, message: PeerMessage): void;
}
