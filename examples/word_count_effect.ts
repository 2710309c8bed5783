/**
 * Word count written with Effect: `split` and `count` are Stream PEs, and the words to leave out
 * come from a `StopWords` service that the workflow's Layer provides. The same results as
 * `word_count.ts` without the stop words, on every target.
 *
 *     deno run -A examples/word_count_effect.ts -d '{"read": ["README.md"]}'
 *
 * @module
 */
import * as Context from "effect/Context";
import * as Layer from "effect/Layer";
import * as Stream from "effect/Stream";
import * as W from "../mod.ts";
import { read } from "./word_count.ts";

/** The words not worth counting. */
export class StopWords extends Context.Service<StopWords, { readonly words: ReadonlySet<string> }>()(
  "examples/StopWords",
) {}

const WORD = /[a-z]+/g;

/** Lines to the words worth counting. */
export const split = W.stream("split", (lines: Stream.Stream<string>) =>
  lines.pipe(
    Stream.flatMap((line) => Stream.fromArray(line.toLowerCase().match(WORD) ?? [])),
    Stream.filterEffect((word) => StopWords.useSync((stop) => !stop.words.has(word))),
  ));

/** Counts per word, written as `[word, count]` pairs once the stream ends. */
export const count = W.stream("count", (words: Stream.Stream<string>) =>
  words.pipe(
    Stream.runFold(() => new Map<string, number>(), (counts, word) =>
      counts.set(word, (counts.get(word) ?? 0) + 1)),
    Stream.fromEffect,
    Stream.flatMap((counts) =>
      Stream.fromIterable(counts)
    ),
  ));

const r = W.pe(read);
const s = W.pe(split);
const c = W.pe(W.groupBy(count, "input", (word) => word));

/** The word count workflow, with English stop words left out. */
export const workflow = W.workflow("word_count_effect", [
  W.connect(r.out.output, s.in.input),
  W.connect(s.out.output, c.in.input),
]).pipe(
  W.provide(Layer.succeed(StopWords, { words: new Set(["the", "a", "an", "and", "of", "to", "in", "is"]) })),
);

if (import.meta.main) await W.main(import.meta, workflow);
