/**
 * The contract between a workflow module and a target: what a {@link CodeRef} resolves to.
 *
 * A workflow value exported by a module is a {@link CodeSource}. A target that rebuilds a PE in
 * another process imports the module, finds the source by workflow name and asks it for the PE at
 * a path. Nothing here is a DSL type, so targets depend on this file, never on `dsl/`.
 *
 * @module
 */

/** What a running PE instance may do. One context per instance. */
export interface PeContext {
  /** The node id of the PE. */
  readonly pe: string;
  /** This instance's index, from 0. */
  readonly instance: number;
  /** How many instances the PE runs as. */
  readonly instances: number;
  /**
   * Writes a data unit to an output port. Returns a promise only when delivery went asynchronous;
   * awaiting it gives backpressure, ignoring it is safe (the order of writes is kept).
   */
  write(port: string, data: unknown): void | Promise<void>;
  /** Logs a line to stderr, prefixed with the PE and instance. */
  log(message: string): void;
  /** The workflow's services in this process ({@link Services.handle}), when it has any. */
  readonly services?: unknown;
}

/**
 * Services a workflow's PEs share in one process (for the DSL: an Effect runtime built from the
 * workflow's Layer). Every process that hosts instances opens them once, before any setup, and
 * closes them once, after the last flush or when the run fails.
 */
export interface Services {
  /** What each instance's context carries as `services`. */
  readonly handle: unknown;
  /** Releases the services. */
  close(): Promise<void>;
}

/** One running copy of a PE, with its own state. */
export interface PeInstance {
  setup?(ctx: PeContext): void | PromiseLike<void>;
  /**
   * Handles one data unit arriving on `port`. Root PEs without connected inputs are called with
   * `port` undefined and the iteration number as data.
   */
  process(port: string | undefined, data: unknown, ctx: PeContext): void | PromiseLike<void>;
  /** Runs once after every upstream instance has finished; may still write. */
  flush?(ctx: PeContext): void | PromiseLike<void>;
  /**
   * Releases what the instance acquired (in setup, say): once, right after its flush, or at the
   * end of a run that ended early (a failure, an interruption). Must not write.
   */
  close?(): void | PromiseLike<void>;
}

/** The code of one PE: a factory for instances and the key functions of its groupBy inputs. */
export interface PeCode {
  make(): PeInstance;
  groupKey(port: string): ((data: unknown) => unknown) | undefined;
}

/** Marks values that can resolve PE paths to code. */
export const CodeSourceId: unique symbol = Symbol.for("dispel4ts/CodeSource");

/**
 * A value, exported by a workflow module, that resolves a PE path to its code.
 *
 * @example Recognise a code source among a module's exports
 * ```ts
 * import { CodeSourceId, isCodeSource } from "./code.ts";
 * const source = { name: "wf", [CodeSourceId]: () => undefined };
 * isCodeSource(source); // => true
 * isCodeSource({}); // => false
 * ```
 */
export interface CodeSource {
  readonly name: string;
  readonly [CodeSourceId]: (path: ReadonlyArray<string>) => PeCode | undefined;
  /** Opens the services of a run in this process, if the workflow has any. */
  readonly services?: () => Promise<Services>;
}

/**
 * Tells whether a value is a {@link CodeSource}.
 *
 * @example
 * ```ts
 * import { isCodeSource } from "./code.ts";
 * isCodeSource(42); // => false
 * ```
 */
export const isCodeSource = (u: unknown): u is CodeSource =>
  typeof u === "object" && u !== null && CodeSourceId in u;
