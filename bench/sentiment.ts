/**
 * The bench's sentiment rows: `examples/sentiment/sentiment.ts` over generated articles on each
 * target, checked by the articles accounted for (ranked plus unlocated) and the 50 states.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { makeArticles } from "../examples/sentiment/make_articles.ts";
import type { Row } from "./rows.ts";
import type { Check, Runner } from "./runner.ts";

/** Measures the sentiment workflow over `articles` articles, generated once into `dir`. */
export const benchSentiment = async (
  bench: Runner,
  options: { articles: number; dir: URL; mpi: boolean },
): Promise<void> => {
  const { articles, dir } = options;
  const file = new URL(`articles_${articles}.csv`, dir);
  // The generator is seeded: a file already there holds the same articles.
  const present = await Deno.stat(file).then((s) => s.size > 0, () => false);
  if (!present) await makeArticles(articles, fileURLToPath(file), 1);
  const check: Check<Array<unknown>> = (results) => {
    const unlocated = results.filter((r) => typeof r === "number").reduce((a, b) => a + (b as number), 0);
    const ranking = results.find((r) => typeof r === "object") as
      | { states: number; articles: number }
      | undefined;
    return ranking !== undefined && ranking.states === 50 && ranking.articles + unlocated === articles
      ? undefined
      : `ranking ${JSON.stringify(ranking)}, ${unlocated} unlocated`;
  };
  const name = "sentiment, news articles by state";
  const inputs = { read: [fileURLToPath(file)] };
  const ours = (target: string, n?: number, base?: Row) =>
    bench.ours(name, articles, "examples/sentiment/sentiment.ts", inputs, target, n, check, { base });
  const base = await ours("simple");
  for (const n of [2, 4]) await ours("workers", n, base);
  if (options.mpi) await ours("mpi", 4, base);
};

if (import.meta.main) {
  // Just these rows: deno run -A bench/sentiment.ts [ARTICLES]
  const { Runner } = await import("./runner.ts");
  const { markdownTable } = await import("./rows.ts");
  const dir = new URL("../out/bench/", import.meta.url);
  await Deno.mkdir(dir, { recursive: true });
  const bench = new Runner(1, undefined);
  const { mpiUnavailable } = await import("../targets/mpi/mod.ts");
  await benchSentiment(bench, {
    articles: Number(Deno.args[0] ?? 1_000_000),
    dir,
    mpi: mpiUnavailable() === undefined,
  });
  console.log(markdownTable(bench.rows));
}
