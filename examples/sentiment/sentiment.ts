/**
 * Sentiment of news articles by US state, the workflow of the dispel4py paper's evaluation (there
 * over tweets): `read` streams articles from a CSV file, `scoreArticle` rates each with AFINN,
 * `findState` finds the state it mentions, `happyState` averages the scores per state (grouped by
 * state) and `top3` ranks the states globally (all to one) and writes the three happiest.
 *
 *     deno run -A examples/sentiment/sentiment.ts -d '{"read": ["examples/sentiment/data/articles.csv"]}'
 *     deno run -A examples/sentiment/sentiment.ts --target workers -n 4 -d '{"read": ["big.csv"]}'
 *
 * @module
 */
import * as W from "../../mod.ts";
import { afinnScore } from "./afinn.ts";
import { type Article, readArticles } from "./articles.ts";
import { findState } from "./states.ts";

/** An article's id, text and AFINN score. */
export interface Scored {
  readonly id: string;
  readonly text: string;
  readonly score: number;
}

/** An article's score and the state it mentions. */
export interface Located {
  readonly id: string;
  readonly state: string;
  readonly score: number;
}

/** A state's mean article score over its articles. */
export interface StateMood {
  readonly state: string;
  readonly score: number;
  readonly articles: number;
}

/** The happiest states, best first, out of how many states and articles. */
export interface Ranking {
  readonly top: ReadonlyArray<StateMood>;
  readonly states: number;
  readonly articles: number;
}

/** How many states the ranking names. */
export const TOP = 3;

/** Streams the articles of a CSV file. */
export const read = W.fn("read", (path: string) => readArticles(path));

/** Rates an article (its title and body) with AFINN. */
export const scoreArticle = W.fn("scoreArticle", (a: Article): Scored => {
  const text = `${a.title}\n${a.body}`;
  return { id: a.id, text, score: afinnScore(text) };
});

/**
 * Finds the state an article mentions. Articles that name none are counted, and the count is
 * written on `unlocated` at the end (the original drops them silently).
 */
export const locate = W.generic({
  name: "findState",
  inputs: { input: W.port<Scored>() },
  outputs: { output: W.port<Located>(), unlocated: W.port<number>() },
  state: () => ({ unlocated: 0 }),
  process: ({ data }, ctx) => {
    const state = findState(data.text);
    if (state === undefined) ctx.state.unlocated++;
    else return ctx.write("output", { id: data.id, state, score: data.score });
  },
  flush: (ctx) => ctx.write("unlocated", ctx.state.unlocated),
});

/**
 * Each state's mean article score. Scores are summed in millionths, as integers, so that the mean
 * is the same whatever order the articles arrive in (on every target and instance count).
 */
export const happyState = W.iterative({
  name: "happyState",
  output: W.port<StateMood>(),
  state: () => new Map<string, { micros: number; articles: number }>(),
  process: (a: Located, ctx) => {
    const mood = ctx.state.get(a.state) ?? { micros: 0, articles: 0 };
    mood.micros += Math.round(a.score * 1e6);
    mood.articles++;
    ctx.state.set(a.state, mood);
  },
  flush: (ctx) => {
    for (const [state, { micros, articles }] of ctx.state) {
      ctx.write("output", { state, score: micros / articles / 1e6, articles });
    }
  },
}).pipe(W.groupBy("input", (a) => a.state));

/** Ranks every state's mood (ties by name) and writes the {@link TOP} happiest. */
export const top3 = W.iterative({
  name: "top3",
  output: W.port<Ranking>(),
  state: () => [] as Array<StateMood>,
  process: (mood: StateMood, ctx) => {
    ctx.state.push(mood);
  },
  flush: (ctx) => {
    const ranked = ctx.state.sort((a, b) => b.score - a.score || (a.state < b.state ? -1 : 1));
    return ctx.write("output", {
      top: ranked.slice(0, TOP),
      states: ranked.length,
      articles: ranked.reduce((n, m) => n + m.articles, 0),
    });
  },
}).pipe(W.allToOne("input"));

const r = W.pe(read);
const s = W.pe(scoreArticle);
const l = W.pe(locate);
const h = W.pe(happyState);
const t = W.pe(top3);

/** The sentiment workflow. */
export const workflow = W.workflow("sentiment", [
  W.connect(r.out.output, s.in.input),
  W.connect(s.out.output, l.in.input),
  W.connect(l.out.output, h.in.input),
  W.connect(h.out.output, t.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
