/**
 * The results writer: JSON Lines to stdout or a file, buffered for speed and flushed often
 * enough that a slow stream can be watched as it goes. Data units are written in the lossless
 * tagged form of `runtime/json_lines.ts`, which `readResults` reads back.
 *
 * @module
 */

import { BadInput } from "../runtime/errors.ts";
import { encodeData } from "../runtime/json_lines.ts";

/** Buffered text is written out once it is this big... */
const FLUSH_CHARS = 65536;
/** ...or once its oldest result has waited this long (milliseconds). */
const FLUSH_MILLIS = 100;

const encoder = new TextEncoder();

const writeAll = (file: { writeSync(p: Uint8Array): number }, bytes: Uint8Array) => {
  let off = 0;
  while (off < bytes.length) off += file.writeSync(bytes.subarray(off));
};

const cannotWrite = (path: string, why: string) =>
  new BadInput({ reason: `Cannot write results to "${path}": ${why}` });

/**
 * Refuses a results path that can never be written (a directory, or one in a directory that does
 * not exist) without creating or truncating anything: the file itself is opened at the first
 * result, so that a run refused later leaves an existing file as it was.
 */
const checkWritable = (path: string): void => {
  let info: Deno.FileInfo | undefined;
  try {
    info = Deno.statSync(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotADirectory) throw cannotWrite(path, "no such directory");
    if (!(e instanceof Deno.errors.NotFound)) throw cannotWrite(path, (e as Error).message);
  }
  if (info?.isDirectory) throw cannotWrite(path, "it is a directory");
  if (info !== undefined) {
    // Opened without truncating, the file is left as it is.
    try {
      Deno.openSync(path, { write: true }).close();
    } catch (e) {
      throw cannotWrite(path, (e as Error).message);
    }
    return;
  }
  const slash = path.search(/[/\\][^/\\]*$/);
  const dir = slash < 0 ? "." : slash === 0 ? path[0] : path.slice(0, slash);
  let parent: Deno.FileInfo | undefined;
  try {
    parent = Deno.statSync(dir);
  } catch {
    // Reported below.
  }
  if (!parent?.isDirectory) throw cannotWrite(path, "no such directory");
};

const create = (path: string): Deno.FsFile => {
  try {
    return Deno.openSync(path, { write: true, create: true, truncate: true });
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "no such directory"
      : e instanceof Deno.errors.IsADirectory
      ? "it is a directory"
      : (e as Error).message;
    throw cannotWrite(path, why);
  }
};

/** Options of {@link openResults}. */
export interface ResultsOptions {
  /**
   * Called once when results can no longer be written (a closed pipe, a full disk): the run
   * should end. Later results are dropped. Default: throw from the write that failed.
   */
  readonly onError?: (error: unknown) => void;
}

/** A JSON Lines writer for results. */
export interface ResultWriter {
  write(pe: string, port: string, data: unknown): void;
  /**
   * Writes out what is buffered and closes. `complete` (default true) says the run ended well:
   * a file is then created even when there was no result.
   */
  close(complete?: boolean): void;
  /** Results taken so far (all of them written out once closed). */
  readonly count: number;
}

/**
 * Opens a results writer on a file path, or stdout when `path` is undefined. Throws `BadInput`
 * at once for a path that can never be written.
 *
 * @example Write two results to a file
 * ```ts
 * import { openResults } from "./output.ts";
 * const path = await Deno.makeTempFile();
 * const w = openResults(path);
 * w.write("count", "output", ["a", 2]);
 * w.write("count", "output", ["b", 1]);
 * w.close();
 * await Deno.readTextFile(path); // => '{"pe":"count","port":"output","data":["a",2]}\n{"pe":"count","port":"output","data":["b",1]}\n'
 * ```
 */
export const openResults = (path?: string, options: ResultsOptions = {}): ResultWriter => {
  if (path !== undefined) checkWritable(path);
  let file: { writeSync(p: Uint8Array): number } | undefined = path === undefined ? Deno.stdout : undefined;
  const prefixes = new Map<string, string>();
  let buffer = "";
  let count = 0;
  let failed = false;
  let closed = false;
  /** When the oldest buffered result was taken, or 0 when nothing is buffered. */
  let since = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let untilClock = 1;
  let lastClock = 0;
  const fail = (e: unknown) => {
    failed = true;
    buffer = "";
    if (options.onError === undefined) throw e;
    options.onError(e);
  };
  const open = () => {
    try {
      file ??= create(path!);
      return file;
    } catch (e) {
      fail(e);
    }
  };
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    since = 0;
    if (buffer.length === 0 || failed) return;
    const text = buffer;
    buffer = "";
    const out = open();
    if (out === undefined) return;
    try {
      writeAll(out, encoder.encode(text));
    } catch (e) {
      fail(e);
    }
  };
  return {
    write(pe, port, data) {
      if (failed || closed) return;
      const key = `${pe}\0${port}`;
      let prefix = prefixes.get(key);
      if (prefix === undefined) {
        prefix = `{"pe":${JSON.stringify(pe)},"port":${JSON.stringify(port)},"data":`;
        prefixes.set(key, prefix);
      }
      buffer += `${prefix}${encodeData(data)}}\n`;
      count++;
      if (since === 0) {
        since = Date.now();
        const t = setTimeout(flush, FLUSH_MILLIS);
        Deno.unrefTimer(t);
        timer = t;
      } else if (buffer.length > FLUSH_CHARS) flush();
      else if (--untilClock <= 0) {
        // A run that never yields never lets the timer fire: the clock is read here instead, at
        // every write when writes are rare, every 64th while they stream (a clock read per result
        // cost about a sixth of the writer's time on 1M small results).
        const now = Date.now();
        untilClock = now === lastClock ? 64 : 1;
        lastClock = now;
        if (now - since >= FLUSH_MILLIS) flush();
      }
    },
    close(complete = true) {
      if (closed) return;
      flush();
      closed = true;
      if (complete && !failed) open();
      if (path !== undefined && file !== undefined) (file as Deno.FsFile).close();
    },
    get count() {
      return count;
    },
  };
};
