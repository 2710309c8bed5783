/**
 * What the coordinator posts to a worker: the host protocol's messages, with the init carrying
 * one MessagePort per peer (in the order of `init.peers`), transferred with it.
 *
 * @module
 */
import type { HostInit, ToHost } from "../../runtime/host_protocol.ts";

/** From the coordinator to a worker. */
export type ToWorker = Exclude<ToHost, HostInit> | {
  readonly t: "init";
  readonly init: HostInit;
  readonly ports: ReadonlyArray<MessagePort>;
};
