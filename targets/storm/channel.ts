/**
 * The channel from a run's Storm tasks to its driver (the `storm` target in the process that
 * started the run): a TCP connection per task, frames in the wire codec. A task says which
 * instance it is, then sends what its host reports: results, progress, log lines, done, failed.
 * Results never cross Storm's JSON protocol, and a task whose connection closes before it said
 * done has died, whatever Storm says about it.
 *
 * @module
 */
import type { FromHost } from "../../runtime/host_protocol.ts";

/** What a task sends its driver. */
export type TaskReport =
  | { readonly t: "hello"; readonly gid: number; readonly task: number; readonly pid: number }
  | { readonly t: "log"; readonly line: string }
  | FromHost;

/** The settings a run's tasks read from the topology's conf, under these keys. */
export interface TaskConf {
  /** The run's {@link HostInit}, in the wire codec, base64. */
  readonly "dispel4ts.init": string;
  /** Where the driver listens: `host:port`. */
  readonly "dispel4ts.driver": string;
  /** The component id of each node, by node index. */
  readonly "dispel4ts.components": ReadonlyArray<string>;
}
