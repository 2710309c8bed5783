/**
 * Runs benchmark cases and collects their rows: this project's targets (each run in a fresh
 * process through `bench/measure.ts`), the original system, and raw limits. Every case's results
 * are checked on every run; a wrong result marks the row WRONG.
 *
 * @module
 */
import { type Mapping, ORIGINAL, type Original, runOriginal } from "./original.ts";
import { median, RAW, type Row } from "./rows.ts";

/** Says what is wrong with a run's results, or undefined when they check out. */
export type Check<R> = (results: R) => string | undefined;

/** One timed run of a case. */
export interface Run {
  readonly millis: number;
  readonly rss?: number;
  readonly wrong?: string;
}

/** The original, as the table names it: "dispel4py 2.8". */
const ORIGINAL_SYSTEM = `dispel4py ${ORIGINAL.split("==")[1]}`;

const root = new URL("../", import.meta.url);

/**
 * Runs one case of this project in a fresh process: wall time of the run, peak RSS, results.
 * `options` go to `bench/measure.ts` (monitoring, a planned allocation).
 */
export const measure = async (
  module: string,
  inputs: unknown,
  target: string,
  n?: number,
  options?: unknown,
) => {
  const args = [
    "run",
    "-A",
    "bench/measure.ts",
    module,
    JSON.stringify(inputs),
    target,
    ...(n ? [String(n)] : []),
    ...(options === undefined ? [] : [JSON.stringify(options)]),
  ];
  const out = await new Deno.Command(Deno.execPath(), { args, cwd: root, stderr: "inherit" }).output();
  if (!out.success) throw new Error(`benchmark case ${module} on ${target} failed`);
  return JSON.parse(new TextDecoder().decode(out.stdout)) as {
    millis: number;
    rss: number;
    results: unknown;
  };
};

/** Collects rows; `runs` runs per case, of which the median time and the largest RSS count. */
export class Runner {
  readonly rows: Array<Row> = [];
  constructor(readonly runs: number, readonly original: Original | undefined) {}

  /** Runs a case `times` times (default: `runs`) and adds its row. */
  async case(
    row: Omit<Row, "millis" | "rss" | "check">,
    once: () => Promise<Run>,
    times: number = this.runs,
  ): Promise<Row> {
    const runs: Array<Run> = [];
    let failed: string | undefined;
    // A run that fails is reported in its row, not timed; the other cases still run.
    for (let i = 0; i < times && failed === undefined; i++) {
      try {
        runs.push(await once());
      } catch (e) {
        failed = (e as Error).message.split("\n")[0];
      }
    }
    const wrong = runs.find((r) => r.wrong !== undefined)?.wrong;
    const rss = runs.flatMap((r) => r.rss === undefined ? [] : [r.rss]);
    const done: Row = {
      ...row,
      millis: failed === undefined ? median(runs.map((r) => r.millis)) : NaN,
      rss: rss.length > 0 ? Math.max(...rss) : undefined,
      check: failed !== undefined ? `FAILED: ${failed}` : wrong === undefined ? "ok" : `WRONG: ${wrong}`,
    };
    this.rows.push(done);
    console.error(
      `${row.case} on ${row.system === RAW ? "" : `${row.system} `}${row.target}${
        row.n ? ` -n ${row.n}` : ""
      }: ${done.millis.toFixed(0)} ms, ${done.check}`,
    );
    return done;
  }

  /** A workflow of this project on one of its targets. */
  ours(
    name: string,
    items: number,
    module: string,
    inputs: unknown,
    target: string,
    n: number | undefined,
    check: Check<Array<unknown>>,
    compare: { base?: Row; original?: Row } = {},
    /** For `bench/measure.ts`: `{ monitor: DB }` or `{ planFrom: [DB, RUN] }` (with `n`). */
    options?: unknown,
  ): Promise<Row> {
    return this.case(
      { case: name, system: "dispel4ts", target, n: n === undefined ? "" : String(n), items, ...compare },
      async () => {
        const m = await measure(module, inputs, target, n, options);
        return { millis: m.millis, rss: m.rss, wrong: check(m.results as Array<unknown>) };
      },
    );
  }

  /** The original system's equivalent workflow on one of its mappings; undefined when it is not installed. */
  async theirs(
    name: string,
    items: number,
    module: string,
    inputs: unknown,
    mapping: Mapping,
    n: number | undefined,
    check: Check<Array<Array<number>>>,
    base?: Row,
  ): Promise<Row | undefined> {
    const original = this.original;
    if (original === undefined || (mapping === "mpi" && original.mpiMissing !== undefined)) return undefined;
    return await this.case(
      {
        case: name,
        system: ORIGINAL_SYSTEM,
        target: mapping,
        n: n === undefined ? "" : String(n),
        items,
        base,
      },
      async () => {
        const m = await runOriginal(original.command, mapping, module, inputs, n);
        return { millis: m.millis, rss: m.rss, wrong: check(m.results) };
      },
    );
  }
}
