/**
 * The results writer: JSON Lines, buffered, to stdout or a file.
 *
 * @module
 */

import { BadInput } from "../runtime/errors.ts";

const encoder = new TextEncoder();

const writeAll = (file: { writeSync(p: Uint8Array): number }, bytes: Uint8Array) => {
  let off = 0;
  while (off < bytes.length) off += file.writeSync(bytes.subarray(off));
};

const json = (data: unknown): string => {
  try {
    return JSON.stringify(data) ?? "null";
  } catch {
    return JSON.stringify(String(data));
  }
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
    throw new BadInput({ reason: `Cannot write results to "${path}": ${why}` });
  }
};

/** A JSON Lines writer for results. */
export interface ResultWriter {
  write(pe: string, port: string, data: unknown): void;
  close(): void;
  readonly count: number;
}

/**
 * Opens a results writer on a file path, or stdout when `path` is undefined.
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
export const openResults = (path?: string): ResultWriter => {
  const file = path === undefined ? Deno.stdout : create(path);
  const prefixes = new Map<string, string>();
  let buffer = "";
  let count = 0;
  const flush = () => {
    if (buffer.length > 0) writeAll(file, encoder.encode(buffer));
    buffer = "";
  };
  return {
    write(pe, port, data) {
      const key = `${pe}\0${port}`;
      let prefix = prefixes.get(key);
      if (prefix === undefined) {
        prefix = `{"pe":${JSON.stringify(pe)},"port":${JSON.stringify(port)},"data":`;
        prefixes.set(key, prefix);
      }
      buffer += `${prefix}${json(data)}}\n`;
      count++;
      if (buffer.length > 65536) flush();
    },
    close() {
      flush();
      if (path !== undefined) (file as Deno.FsFile).close();
    },
    get count() {
      return count;
    },
  };
};
