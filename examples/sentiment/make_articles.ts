/**
 * Writes a CSV of made-up news articles for the sentiment workflow, as many as asked, with
 * Papa Parse's `unparse` (fields with commas, quotes or line breaks are quoted). Each state has a mood of its own (drawn from the
 * seed), which tilts the words of the articles that mention it; about 8% of the articles mention no
 * state, some mention two, some the capital ("Washington, D.C."), and bodies hold commas, quoted
 * speech and line breaks. The same `--seed` gives the same file.
 *
 *     deno run -A examples/sentiment/make_articles.ts --articles 100000 --out /tmp/articles.csv
 *
 * @module
 */
// @ts-types="npm:@types/papaparse@5.5.2"
import Papa from "papaparse";
import { parseArgs } from "node:util";
import { STATES } from "./states.ts";
import { seeded } from "../graph_testing/testing_pes.ts";

const SOURCES = [
  "Coastal Courier",
  "Prairie Ledger",
  "Mountain Post",
  "Gulf Herald",
  "Capitol Wire",
  "Lakeshore Daily",
];
const GROUPS = [
  "Officials",
  "Residents",
  "Farmers",
  "Teachers",
  "Nurses",
  "Business owners",
  "Students",
  "Volunteers",
];
const TOPICS = [
  "water project",
  "school budget",
  "highway plan",
  "wildfire season",
  "housing plan",
  "hospital expansion",
  "tourism season",
  "harvest",
  "transit line",
  "energy project",
];
// AFINN-rated words, by the slot they fill: how a thing is (adjectives), how people feel, what they do.
const WORDS = {
  is: {
    good: ["excellent", "successful", "encouraging", "great", "wonderful", "impressive", "fantastic"],
    bad: ["disappointing", "terrible", "awful", "unfair", "frustrating", "dangerous", "bad"],
  },
  feel: {
    good: ["hopeful", "excited", "optimistic", "pleased", "thrilled", "proud"],
    bad: ["worried", "angry", "anxious", "upset", "frustrated", "disappointed"],
  },
  act: {
    good: ["praise", "welcome", "support", "celebrate"],
    bad: ["criticize", "protest", "oppose", "condemn"],
  },
};
const ROLES = ["teacher", "nurse", "shop owner", "retired engineer", "county clerk", "student"];
const NAMES = ["Maria Lopez", "James Carter", "Aisha Khan", "Tom Nguyen", "Linda Brooks", "Sam O'Neil"];

/** Writes `articles` articles to `out` as CSV with the header `id,date,source,title,body`. */
export const makeArticles = async (articles: number, out: string, seed = 1): Promise<void> => {
  const next = seeded(seed);
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(next() * xs.length)];
  const moods = STATES.map(() => next() * 2 - 1);
  const file = await Deno.open(out, { write: true, create: true, truncate: true });
  // A stream writer writes every byte (FsFile.write may write part of a buffer).
  const writer = file.writable.getWriter();
  const encoder = new TextEncoder();
  try {
    const csv = (rows: Array<Array<string>>) => encoder.encode(`${Papa.unparse(rows, { newline: "\n" })}\n`);
    await writer.write(csv([["id", "date", "source", "title", "body"]]));
    const day = Date.UTC(2026, 0, 1);
    for (let from = 0; from < articles; from += 1000) {
      const rows: Array<Array<string>> = [];
      for (let k = from; k < Math.min(articles, from + 1000); k++) {
        const s = Math.floor(next() * (STATES.length + 4));
        // Four of every 54 articles name no state: the capital, or nowhere in particular.
        const state = s < STATES.length ? STATES[s] : undefined;
        const place = state ?? (s % 2 === 0 ? "Washington, D.C." : "the region");
        const mood = state === undefined ? 0 : moods[s];
        const word = (slot: keyof typeof WORDS) =>
          pick(WORDS[slot][next() < 0.5 + mood / 2 ? "good" : "bad"]);
        const topic = pick(TOPICS);
        const title = `${pick(GROUPS)} in ${place} ${word("act")} the ${topic}`;
        const also = next() < 0.1 ? ` Leaders from ${pick(STATES)} are watching closely.` : "";
        const body =
          `${pick(GROUPS)} in ${place}, meeting on ${
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][k % 5]
          }, said the ${topic} was ${word("is")}, and some called it ${word("is")}.${also}\n\n` +
          `"We are ${word("feel")}, honestly," said ${pick(NAMES)}, a ${pick(ROLES)}. ` +
          `Others were ${word("feel")} about what comes next.`;
        const date = new Date(day + (k % 365) * 86400000).toISOString().slice(0, 10);
        rows.push([`n${String(k + 1).padStart(7, "0")}`, date, pick(SOURCES), title, body]);
      }
      await writer.write(csv(rows));
    }
  } finally {
    await writer.close();
  }
};

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      articles: { type: "string" },
      out: { type: "string" },
      seed: { type: "string", default: "1" },
    },
  });
  const articles = Number(values.articles);
  if (!/^\d+$/.test(values.articles ?? "") || values.out === undefined) {
    console.error("usage: make_articles.ts --articles N --out FILE [--seed S]");
    Deno.exit(2);
  }
  await makeArticles(articles, values.out, Number(values.seed));
  console.error(`${articles} articles written to ${values.out}`);
}
