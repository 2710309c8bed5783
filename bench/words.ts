/**
 * The word count's input: lines of 10 words drawn from a 1,000-word vocabulary by a seeded
 * generator, so every run and every system reads the same text.
 *
 * @module
 */
import { seeded } from "../examples/graph_testing/testing_pes.ts";

/** Writes `lines` lines of 10 words to `path`; returns the expected totals. */
export const writeText = async (path: URL, lines: number): Promise<{ words: number; distinct: number }> => {
  const random = seeded(42);
  const vocab = Array.from(
    { length: 1000 },
    (_, i) => `w${i.toString(36)}x`.replace(/[0-9]/g, (d) => "abcdefghij"[+d]),
  );
  const seen = new Set<string>();
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const writer = file.writable.getWriter(); // writes whole chunks (file.write may write part of one)
  const enc = new TextEncoder();
  let chunk = "";
  for (let l = 0; l < lines; l++) {
    const words = Array.from({ length: 10 }, () => vocab[Math.floor(random() * vocab.length)]);
    for (const w of words) seen.add(w);
    chunk += words.join(" ") + "\n";
    if (chunk.length > 1 << 20) {
      await writer.write(enc.encode(chunk));
      chunk = "";
    }
  }
  await writer.write(enc.encode(chunk));
  await writer.close();
  return { words: lines * 10, distinct: seen.size };
};
