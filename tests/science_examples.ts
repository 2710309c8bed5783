/**
 * The paper's science workflows (examples/seismo, astro, sentiment) on a target, against
 * `simple`: for the engine targets' tests, which must give the same results.
 *
 * @module
 */
import assert from "node:assert/strict";
import { runCli } from "./run_cli.ts";

const sortedLines = (text: string) => text.trim().split("\n").sort();

/**
 * Runs each science example on `simple` and with `target` (e.g. `["--target", "spark"]`) and
 * asserts the same results: a small generated seismic data set, the recorded VOTables, the small
 * articles CSV.
 */
export const scienceMatchesSimple = async (target: ReadonlyArray<string>): Promise<void> => {
  const dir = await Deno.makeTempDir();
  try {
    const made = await runCli(["examples/seismo/make_data.ts", "--stations", "4", "--out", `${dir}/data`]);
    assert.equal(made.code, 0, made.stderr);
    const xcorr = (out: string) => [
      "examples/seismo/xcorr.ts",
      "-d",
      JSON.stringify({ read: [{ dir: `${dir}/data`, out: `${dir}/${out}` }] }),
    ];
    const runs: Array<[Array<string>, Array<string>]> = [
      [["examples/astro/internal_extinction.ts", "--offline"], []],
      [["examples/sentiment/sentiment.ts", "-d", '{"read": ["examples/sentiment/data/articles.csv"]}'], []],
      [xcorr("simple"), xcorr("other")],
    ];
    for (const [args, other] of runs) {
      const [reference, got] = await Promise.all([
        runCli(args),
        runCli([...(other.length > 0 ? other : args), ...target]),
      ]);
      assert.equal(got.code, 0, got.stderr);
      assert.equal(reference.code, 0, reference.stderr);
      // xcorr names the file it wrote each correlation to, in a folder of each run's own.
      const same = (text: string) => sortedLines(text.replaceAll(`${dir}/other/`, `${dir}/simple/`));
      assert.deepEqual(same(got.stdout), same(reference.stdout), args[0]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
};
