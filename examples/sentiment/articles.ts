/**
 * Reads news articles from a CSV file with a header row, streaming, with
 * [Papa Parse](https://www.papaparse.com/) (RFC 4180: quoted fields may hold commas, quotes
 * written twice, and line breaks). Papa Parse, not csv-parse: measured on 100,000 articles (31 MB)
 * here, it reads them in 0.6 s against 2.0 s, and reading is the one step that cannot run in
 * parallel.
 *
 * @module
 */
// @ts-types="npm:@types/papaparse@5.5.2"
import Papa from "papaparse";
import { createReadStream } from "node:fs";

/** An article: the columns the workflow reads. */
export interface Article {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

/** The columns an articles file must have; others (date, source, ...) are allowed and not read. */
export const COLUMNS = ["id", "title", "body"] as const;

/** Articles parsed ahead of the workflow at most; then parsing pauses until they are taken. */
const AHEAD = 1024;

/**
 * The articles of a CSV file, one at a time. Throws a `SyntaxError` naming the file and the
 * record for a malformed file (an unclosed quote, a record with more or fewer fields than the
 * header, a header without the columns the workflow needs).
 */
export async function* readArticles(path: string): AsyncGenerator<Article> {
  const queue: Array<Article> = [];
  let done = false;
  let failure: Error | undefined;
  let parser: Papa.Parser | undefined;
  let paused = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const fail = (e: Error) => {
    failure ??= e;
    parser?.abort();
    notify();
  };
  const input = createReadStream(path);
  input.on("error", fail);
  let records = 0;
  Papa.parse<Record<string, string>>(input, {
    header: true,
    delimiter: ",",
    skipEmptyLines: true,
    step: (results, p) => {
      parser = p;
      records++;
      if (records === 1) {
        const missing = COLUMNS.filter((c) => !results.meta.fields?.includes(c));
        if (missing.length > 0) {
          return fail(
            new SyntaxError(
              `${path}: no column ${
                missing.map((c) => `"${c}"`).join(", ")
              } (its header: ${results.meta.fields})`,
            ),
          );
        }
      }
      const error = results.errors[0];
      if (error !== undefined) return fail(new SyntaxError(`${path}: record ${records}: ${error.message}`));
      const { id, title, body } = results.data;
      queue.push({ id, title, body });
      if (queue.length >= AHEAD && !paused) {
        paused = true;
        p.pause();
      }
      notify();
    },
    complete: () => {
      done = true;
      notify();
    },
  });
  try {
    while (true) {
      if (queue.length > 0) {
        const batch = queue.splice(0);
        if (paused) {
          paused = false;
          parser?.resume();
        }
        yield* batch;
      } else if (failure !== undefined) throw failure;
      else if (done) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    if (!done) parser?.abort();
    input.destroy();
  }
}
