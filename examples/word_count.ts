/**
 * Word count: `read` streams the lines of text files, `split` cuts them into words (maximal runs
 * of the letters a-z after lower-casing), `count` counts them grouped by word and writes one
 * `[word, count]` pair per distinct word at end of stream.
 *
 *     deno run -A examples/word_count.ts -d '{"read": ["README.md"]}'
 *
 * @module
 */
import * as W from "../mod.ts";

/** Reads a text file in 64 KiB chunks and yields its lines, so memory stays flat on big files. */
export function* lines(path: string): Generator<string> {
  const file = Deno.openSync(path, { read: true });
  try {
    const decoder = new TextDecoder();
    const chunk = new Uint8Array(65536);
    let rest = "";
    for (let n = file.readSync(chunk); n !== null; n = file.readSync(chunk)) {
      const text = rest + decoder.decode(chunk.subarray(0, n), { stream: true });
      const parts = text.split("\n");
      rest = parts.pop()!;
      yield* parts;
    }
    rest += decoder.decode();
    if (rest.length > 0) yield rest;
  } finally {
    file.close();
  }
}

const WORD = /[a-z]+/g;

/** The PEs, exported for reuse. */
export const read = W.fn("read", lines);
export const split = W.fn(function* split(line: string) {
  for (const word of line.toLowerCase().match(WORD) ?? []) yield word;
});
export const count = W.iterative({
  name: "count",
  state: () => new Map<string, number>(),
  process: (word: string, ctx) => {
    ctx.state.set(word, (ctx.state.get(word) ?? 0) + 1);
  },
  flush: (ctx) => {
    for (const pair of ctx.state) ctx.write("output", pair);
  },
}).pipe(W.groupBy("input", (word) => word));

const r = W.pe(read);
const s = W.pe(split, "split");
const c = W.pe(count);

/** The word count workflow. */
export const workflow = W.workflow("word_count", [
  W.connect(r.out.output, s.in.input),
  W.connect(s.out.output, c.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
