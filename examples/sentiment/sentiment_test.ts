import assert from "node:assert/strict";
import * as W from "../../mod.ts";
import { mpiUnavailable } from "../../targets/mpi/mod.ts";
import { mpi } from "../../targets/mpi/target.ts";
import { makeWorkers } from "../../targets/workers/mod.ts";
import { engineTest } from "../../tests/engines.ts";
import { runCli } from "../../tests/run_cli.ts";
import { afinnScore } from "./afinn.ts";
import { type Article, readArticles } from "./articles.ts";
import { makeArticles } from "./make_articles.ts";
import { type Ranking, workflow } from "./sentiment.ts";
import { findState, STATES } from "./states.ts";

const MODULE = new URL("./sentiment.ts", import.meta.url).href;
const SMALL = new URL("./data/articles.csv", import.meta.url).pathname;

Deno.test("afinnScore() is the mean AFINN-165 valence of the rated words", () => {
  // celebrates 3, celebrate 3, wonderful 4, generous 2, support 2: 14 / 5.
  assert.equal(
    afinnScore(
      `Oregon town celebrates new library\nResidents of Astoria, Oregon, gathered on Saturday to celebrate the opening of a new public library. "It is a wonderful day for our kids," said the mayor, who thanked volunteers for their generous support.`,
    ),
    2.8,
  );
  // demand -1, rise 1, illness -2: -2/3, rounded to 6 decimals.
  assert.equal(afinnScore("Demand is on the rise, and so is illness."), -0.666667);
  assert.equal(afinnScore("GREAT news, terrible weather"), 0); // great 3, terrible -3, in any case
  assert.equal(afinnScore("Stocks were flat this week"), 0);
});

Deno.test("findState() finds the first state named, the longest name at a place", () => {
  assert.equal(STATES.length, 50);
  assert.equal(
    findState("Miners in West Virginia were honored; officials from Virginia attended"),
    "West Virginia",
  );
  assert.equal(findState("Officials from Virginia met miners from West Virginia"), "Virginia");
  assert.equal(findState("Growers in Arkansas and Kansas"), "Arkansas");
  assert.equal(findState("Lawmakers in Washington, D.C. and in Washington DC met Ohio's governor"), "Ohio");
  assert.equal(findState("Apples from Washington state"), "Washington");
  assert.equal(findState("Delays on New\nYork subway lines"), "New York");
  assert.equal(findState("a new york-style pizza in the region"), undefined);
  assert.equal(findState("Stocks were flat"), undefined);
});

Deno.test("readArticles() reads quoted fields with commas, quotes and line breaks", async () => {
  const articles: Array<Article> = [];
  for await (const a of readArticles(SMALL)) articles.push(a);
  assert.equal(articles.length, 20);
  assert.equal(articles[0].id, "a001");
  assert.match(
    articles[0].body,
    /^Residents of Astoria, Oregon, gathered.*"It is a wonderful day for our kids," said/,
  );
  assert.equal(
    articles[1].body,
    "Heavy rain caused severe flooding along the Cedar River in Iowa on Sunday.\n" +
      "Officials warned that damage to farms could be devastating, and several roads remain closed.",
  );
  assert.match(articles[7].body, /"They worked hard, and they earned it\."$/);
  assert.equal(articles[4].title, "Lawmakers in Washington, D.C. debate budget");
});

/** The ranking of data/articles.csv, worked by hand (mean AFINN-165 valence per article, then per state). */
const SMALL_RANKING: Ranking = {
  top: [
    // a018: honored 2, honored 2, praised 3, courage 2, dedication 2 = 11/5.
    { state: "West Virginia", score: 2.2, articles: 1 },
    // a001 14/5 = 2.8, a006 (welcome 2, good 3, hopeful 2, strong 2) 9/4 = 2.25,
    // a020 (blocked -1, no -1, injured -2, hurt -2) -6/4 = -1.5: 3.55/3.
    { state: "Oregon", score: 1.1833333333333333, articles: 3 },
    // a009 (demand -1, rise 1, illness -2) -0.666667, a014 (approves 2, pleased 3, approved 2,
    // pleased 3, fantastic 4) 14/5 = 2.8: 2.133333/2.
    { state: "Texas", score: 1.0666665, articles: 2 },
  ],
  // Next: Louisiana 0.9166665, Colorado 0.583333, Michigan 0.375, Hawaii 0, Iowa 0, New York -2.25.
  states: 9,
  // a005 names only Washington, D.C., a012 no place at all.
  articles: 18,
};

/** The ranking and the number of articles that name no state. */
const outcome = (results: ReadonlyArray<W.Result>) => {
  const rankings = results.filter((r) => r.pe === "top3").map((r) => r.data);
  assert.equal(rankings.length, 1);
  const unlocated = results.filter((r) => r.port === "unlocated").reduce((n, r) => n + (r.data as number), 0);
  return { ranking: rankings[0] as Ranking, unlocated };
};

Deno.test("sentiment on simple ranks the happiest states of the small CSV", async () => {
  const results = await W.collect(workflow, { inputs: { read: [SMALL] }, module: MODULE });
  assert.deepEqual(outcome(results), { ranking: SMALL_RANKING, unlocated: 2 });
});

Deno.test("sentiment on workers -n 4 gives the same ranking", async () => {
  const target = makeWorkers({ maxWorkers: 4 });
  const results = await W.collect(workflow, {
    target,
    processes: 4,
    inputs: { read: [SMALL] },
    module: MODULE,
  });
  assert.deepEqual(outcome(results), { ranking: SMALL_RANKING, unlocated: 2 });
});

engineTest("sentiment on mpi -n 4 gives the same ranking", "mpi", mpiUnavailable, async () => {
  const results = await W.collect(workflow, {
    target: mpi,
    processes: 4,
    inputs: { read: [SMALL] },
    module: MODULE,
  });
  assert.deepEqual(outcome(results), { ranking: SMALL_RANKING, unlocated: 2 });
});

Deno.test("sentiment over generated articles: the same results on simple, workers and mpi", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "dispel4ts-sentiment-" });
  try {
    const file = `${dir}/articles.csv`;
    await makeArticles(3000, file, 7);
    let read = 0;
    for await (const _ of readArticles(file)) read++;
    assert.equal(read, 3000);
    const inputs = { read: [file] };
    const reference = outcome(await W.collect(workflow, { inputs, module: MODULE }));
    assert.equal(reference.ranking.articles + reference.unlocated, 3000);
    assert.equal(reference.ranking.states, 50);
    assert.equal(reference.ranking.top.length, 3);
    await t.step("workers -n 3", async () => {
      const target = makeWorkers({ maxWorkers: 3 });
      assert.deepEqual(
        outcome(await W.collect(workflow, { target, processes: 3, inputs, module: MODULE })),
        reference,
      );
    });
    if (mpiUnavailable() === undefined) {
      await t.step("mpi -n 3", async () => {
        assert.deepEqual(
          outcome(await W.collect(workflow, { target: mpi, processes: 3, inputs, module: MODULE })),
          reference,
        );
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sentiment refuses a bad CSV in one line naming it, exit 1", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "dispel4ts-sentiment-" });
  try {
    const cases: Array<[string, string | undefined, RegExp]> = [
      ["a missing file", undefined, /ENOENT: no such file or directory, open '.*missing.csv'/],
      [
        "an unclosed quote",
        'id,title,body\n1,Good day in Ohio,"fine\n2,Bad,"x"\n',
        /unclosed.csv: record 1: .*quote/,
      ],
      [
        "too many fields",
        "id,title,body\n1,Ohio,fine\n2,Ohio,fine,extra\n",
        /many.csv: record 2: Too many fields/,
      ],
      ["too few fields", "id,title,body\n1,Ohio\n", /few.csv: record 1: Too few fields/],
      [
        "missing columns",
        "id,headline,text\n1,Ohio,fine\n",
        /columns.csv: no column "title", "body" \(its header: id,headline,text\)/,
      ],
    ];
    const names = ["missing", "unclosed", "many", "few", "columns"];
    for (const [k, [name, text, message]] of cases.entries()) {
      await t.step(name, async () => {
        const file = `${dir}/${names[k]}.csv`;
        if (text !== undefined) await Deno.writeTextFile(file, text);
        const r = await runCli(["examples/sentiment/sentiment.ts", "-d", JSON.stringify({ read: [file] })]);
        assert.equal(r.code, 1, r.stderr);
        const lines = r.stderr.trim().split("\n");
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], /^error: PE "read" instance 0 failed on data unit/);
        assert.match(lines[0], message);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("make_articles.ts writes the articles asked for, and the same ones for the same seed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "dispel4ts-sentiment-" });
  try {
    const r = await runCli([
      "examples/sentiment/make_articles.ts",
      "--articles",
      "500",
      "--out",
      `${dir}/a.csv`,
    ]);
    assert.equal(r.code, 0, r.stderr);
    await makeArticles(500, `${dir}/b.csv`, 1);
    assert.equal(await Deno.readTextFile(`${dir}/a.csv`), await Deno.readTextFile(`${dir}/b.csv`));
    const ids: Array<string> = [];
    for await (const a of readArticles(`${dir}/a.csv`)) ids.push(a.id);
    assert.deepEqual(ids, Array.from({ length: 500 }, (_, k) => `n${String(k + 1).padStart(7, "0")}`));
    const usage = await runCli(["examples/sentiment/make_articles.ts", "--articles", "many"]);
    assert.equal(usage.code, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
