/**
 * Messages between the coordinator (main thread) and the workers, and between workers.
 *
 * Batches are the runs of `runtime/outbox.ts`. Peer batches carry data for instance `gid` on
 * input `port`, and end-of-stream signals `[gid, fromGid, 0]`; result batches carry data for
 * output `port` of node `node`.
 *
 * @module
 */

/** Settings of a run, as sent to each worker. */
export interface Init {
  readonly t: "init";
  /** This worker's number. */
  readonly me: number;
  /** The graph, as JSON text. */
  readonly graph: string;
  readonly counts: ReadonlyArray<number>;
  readonly processOf: ReadonlyArray<number>;
  /** The root inputs, as `[node id, feed]` pairs. */
  readonly feeds: ReadonlyArray<readonly [string, unknown]>;
  /** A port per peer worker this one talks to, and whether writes to it may block. */
  readonly peers: ReadonlyArray<
    { readonly worker: number; readonly port: MessagePort; readonly blocking: boolean }
  >;
  readonly batch: number;
  readonly window: number;
}

/** From the coordinator to a worker. */
export type ToWorker = Init | { readonly t: "start" } | { readonly t: "ack"; readonly n: number };

/** A failure, as plain data: the coordinator rebuilds the typed error. */
export interface FailureData {
  readonly tag: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** From a worker to the coordinator. */
export type FromWorker =
  | { readonly t: "ready" }
  | { readonly t: "results"; readonly items: Array<unknown> }
  | { readonly t: "progress"; readonly processed: Readonly<Record<string, number>> }
  | { readonly t: "done"; readonly processed: Readonly<Record<string, number>> }
  | { readonly t: "failed"; readonly error: FailureData };

/** Between workers, over a MessagePort. */
export type PeerMessage = { readonly t: "batch"; readonly items: Array<unknown> } | {
  readonly t: "ack";
  readonly n: number;
};
