/**
 * Typed failures of a run, carried to the command line, which prints their message.
 *
 * @module
 */
import * as Data from "effect/Data";

/**
 * A short rendering of a data unit for messages: JSON, cut to 80 characters.
 *
 * @example
 * ```ts
 * import { renderData } from "./errors.ts";
 * renderData(["word", 1]); // => '["word",1]'
 * ```
 */
export const renderData = (data: unknown): string => {
  let text: string;
  try {
    text = JSON.stringify(data) ?? String(data);
  } catch {
    text = String(data);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/**
 * A PE threw (or rejected) while handling a data unit, in setup, or in flush.
 *
 * @example
 * ```ts
 * import { PeFailure } from "./errors.ts";
 * new PeFailure({ pe: "count", instance: 1, phase: "process", data: '["a",1]', cause: "TypeError: boom" }).message;
 * // => 'PE "count" instance 1 failed on data unit ["a",1]: TypeError: boom'
 * ```
 */
export class PeFailure extends Data.TaggedError("PeFailure")<{
  readonly pe: string;
  readonly instance: number;
  readonly phase: "setup" | "process" | "flush";
  readonly data?: string;
  readonly cause: string;
  /**
   * The value the PE threw, rebuilt where it crossed a process boundary (an Effect tagged error
   * keeps its _tag and fields).
   */
  readonly error?: unknown;
  /** The process the instance ran in, where the target names it (e.g. "rank 2"). */
  readonly process?: string;
  /** The engine's own log of the run, where an engine keeps one (Spark, Storm). */
  readonly log?: string;
}> {
  override get message(): string {
    const where = this.phase === "process" ? `on data unit ${this.data}` : `in ${this.phase}`;
    const on = this.process === undefined ? "" : ` on ${this.process}`;
    const log = this.log === undefined ? "" : ` (log: ${this.log})`;
    return `PE "${this.pe}" instance ${this.instance}${on} failed ${where}: ${this.cause}${log}`;
  }
}

/**
 * Renders a thrown value as `Name: message`; a tagged error without a message shows its fields.
 *
 * @example
 * ```ts
 * import * as Data from "effect/Data";
 * import { describeError } from "./errors.ts";
 * class Clipped extends Data.TaggedError("Clipped")<{ readonly station: string }> {}
 * const clipped = new Clipped({ station: "AK.BMR" });
 * describeError(clipped); // => 'Clipped: {"station":"AK.BMR"}'
 * describeError(new RangeError("too far")); // => "RangeError: too far"
 * ```
 */
export const describeError = (e: unknown): string => {
  if (!(e instanceof Error)) return typeof e === "string" ? e : renderData(e);
  if (e.message === "" && "_tag" in e) {
    const { _tag: _, ...fields } = e as unknown as Record<string, unknown>;
    return `${e.name}: ${renderData(fields)}`;
  }
  return `${e.name}: ${e.message}`;
};

/**
 * The code a graph names could not be found: a module that does not load, a workflow it does not
 * export, or a PE path that does not exist.
 *
 * @example
 * ```ts
 * import { CodeNotFound } from "./errors.ts";
 * new CodeNotFound({ module: "file:///wf.ts", reason: 'exports no workflow named "wc"' }).message;
 * // => 'Cannot load PE code from file:///wf.ts: exports no workflow named "wc"'
 * ```
 */
export class CodeNotFound extends Data.TaggedError("CodeNotFound")<{
  readonly module: string;
  readonly reason: string;
  /**
   * What the module, once imported, lacks: the workflow itself is wrong, wherever it runs. Unset
   * when the module failed to import (which may be one process's trouble).
   */
  readonly missing?: "workflow" | "pe";
}> {
  override get message(): string {
    return `Cannot load PE code from ${this.module}: ${this.reason}`;
  }
}

/**
 * Run inputs or options that cannot be used: an unknown PE or target, bad JSON, a missing file.
 *
 * @example
 * ```ts
 * import { BadInput } from "./errors.ts";
 * new BadInput({ reason: 'Unknown PE "reed" in the inputs (roots: read)' }).message;
 * // => 'Unknown PE "reed" in the inputs (roots: read)'
 * ```
 */
export class BadInput extends Data.TaggedError("BadInput")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason;
  }
}

/**
 * A process of a parallel target failed outside any PE call: it crashed, or could not load the
 * workflow module.
 *
 * @example
 * ```ts
 * import { WorkerFailure } from "./errors.ts";
 * new WorkerFailure({ worker: 1, hosts: "split[0], count[1]", reason: "out of memory" }).message;
 * // => "Worker 1 (hosting split[0], count[1]) failed: out of memory"
 * ```
 */
export class WorkerFailure extends Data.TaggedError("WorkerFailure")<{
  readonly worker: number;
  readonly hosts: string;
  readonly reason: string;
  /** What the target calls its processes (default "worker"): "rank" on MPI. */
  readonly noun?: string;
}> {
  override get message(): string {
    const noun = this.noun ?? "worker";
    return `${noun[0].toUpperCase()}${
      noun.slice(1)
    } ${this.worker} (hosting ${this.hosts}) failed: ${this.reason}`;
  }
}
