/**
 * The data units of the transport benchmarks, the same for workers and MPI: numbers, short
 * strings and small records, each carrying its index so the receiver can check the sum.
 *
 * @module
 */

/** What kind of data unit a transport benchmark sends. */
export type Kind = "numbers" | "words" | "records";

const WORDS = ["dispel4py", "computing", "mpi", "processing", "simple", "analysis", "data"];

/** The `i`-th data unit of a kind. */
export const makeItem = (
  i: number,
  kind: Kind,
): number | string | { id: number; word: string; value: number } =>
  kind === "numbers"
    ? i
    : kind === "words"
    ? `${i}:${WORDS[i % WORDS.length]}`
    : { id: i, word: WORDS[i % 7], value: i * 0.5 };

/** The index a received data unit carries. */
export const valueOf = (x: unknown): number =>
  typeof x === "number" ? x : typeof x === "string" ? parseInt(x) : (x as { id: number }).id;
