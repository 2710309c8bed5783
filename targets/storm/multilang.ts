/**
 * Storm's multilang protocol, the Deno side: messages are JSON, each followed by a line `end`,
 * both ways over the component process's stdin and stdout.
 *
 * @example A message as it goes on the wire
 * ```ts
 * import { multilangMessage } from "./multilang.ts";
 * multilangMessage({ command: "sync" }); // => '{"command":"sync"}\nend\n'
 * ```
 *
 * @module
 */

const END = "\nend\n";

/** One message as written to Storm. */
export const multilangMessage = (m: unknown): string => `${JSON.stringify(m)}${END}`;

/**
 * The messages on a byte stream, however its chunks cut them. A stream that ends inside a
 * message drops the rest: Storm only closes the pipe when it ends the process.
 *
 * @example Two messages in one chunk
 * ```ts
 * import { readMultilang } from "./multilang.ts";
 * const text = '{"pid":1}\nend\n[2,3]\nend\n';
 * const got: unknown[] = [];
 * for await (const m of readMultilang(ReadableStream.from([new TextEncoder().encode(text)]))) got.push(m);
 * got; // => [{ pid: 1 }, [2, 3]]
 * ```
 */
export async function* readMultilang(
  stream: ReadableStream<Uint8Array<ArrayBuffer>>,
): AsyncIterable<unknown> {
  let pending = "";
  // Where to look for the next END: a long message is not scanned again from its start.
  let scan = 0;
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    pending += text;
    let from = 0;
    for (let at = pending.indexOf(END, scan); at >= 0; at = pending.indexOf(END, from)) {
      yield JSON.parse(pending.slice(from, at));
      from = at + END.length;
    }
    pending = pending.slice(from);
    scan = Math.max(0, pending.length - END.length);
  }
}

/**
 * Writes messages to stdout. Writes are whole and synchronous: a full pipe holds the process,
 * which is the backpressure Storm gives it. Messages written in one turn go out together.
 */
export class MultilangWriter {
  private pending: Array<string> = [];
  private scheduled = false;
  private readonly encoder = new TextEncoder();

  constructor(private readonly write: (bytes: Uint8Array) => number = (b) => Deno.stdout.writeSync(b)) {}

  /** Queues a message; it is written at the end of this turn. */
  send(m: unknown): void {
    this.pending.push(multilangMessage(m));
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Writes what is queued now. */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const bytes = this.encoder.encode(this.pending.join(""));
    this.pending = [];
    let off = 0;
    while (off < bytes.length) off += this.write(bytes.subarray(off));
  }
}
