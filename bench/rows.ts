/**
 * The bench's rows and how they are shown: a Markdown table for people, JSON for tools.
 *
 * @module
 */

/** One measured case: a workload on one system, with the rows it is compared with. */
export interface Row {
  readonly case: string;
  /** "dispel4ts", the original ("dispel4py 2.8"), another system ("PySpark 4.3.0"), or "raw limit". */
  readonly system: string;
  readonly target: string;
  readonly n: string;
  readonly items: number;
  readonly millis: number;
  readonly rss?: number;
  /** "ok", "WRONG: ..." when a result did not check out, or "FAILED: ..." when a run failed (millis NaN). */
  readonly check: string;
  /** The row this one's speed is compared with. */
  readonly base?: Row;
  /** The original system's row for the same workload and mapping, or another system's (native PySpark). */
  readonly original?: Row;
}

/** The system of rows that measure a limit rather than a system. */
export const RAW = "raw limit";

/** The median of some measurements (the upper one of an even count). */
export const median = (xs: ReadonlyArray<number>): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const fmt = (n: number) => n.toLocaleString("en-US");
const label = (r: Row) =>
  r.system === RAW
    ? r.case.slice(r.case.lastIndexOf(", ") + 2)
    : `${
      r.system === "dispel4ts" ? "" : r.system.startsWith("dispel4py") ? "dispel4py " : `${r.system} `
    }${r.target}${r.n ? ` -n ${r.n}` : ""}`;

/** How many times faster `r` ran than `other`, with `other`'s label; blank when either failed. */
const ratio = (r: Row, other: Row | undefined, digits: number) => {
  const x = other === undefined ? NaN : other.millis / r.millis;
  return Number.isNaN(x) ? "" : `${x.toFixed(digits)}× ${label(other!)}`;
};

/** The rows as a Markdown table: wall time, throughput, peak RSS, and ratios to their bases. */
export const markdownTable = (rows: ReadonlyArray<Row>): string =>
  [
    "| case | system | target | -n | items | wall ms | items/s | peak RSS MiB | speed vs | vs dispel4py / native | check |",
    "|---|---|---|---:|---:|---:|---:|---:|---|---|---|",
    ...rows.map((r) =>
      `| ${r.case} | ${r.system} | ${r.target} | ${r.n} | ${fmt(r.items)} | ${
        Number.isNaN(r.millis) ? "–" : r.millis.toFixed(0)
      } | ${
        r.case.startsWith("start-up") || Number.isNaN(r.millis)
          ? ""
          : fmt(Math.round(r.items / (r.millis / 1000)))
      } | ${r.rss === undefined ? "" : (r.rss / 2 ** 20).toFixed(0)} | ${ratio(r, r.base, 2)} | ${
        ratio(r, r.original, 1)
      } | ${r.check} |`
    ),
  ].join("\n");

/** The rows as plain JSON, each comparison named by its row's label. */
export const jsonRows = (rows: ReadonlyArray<Row>): Array<Record<string, unknown>> =>
  rows.map(({ base, original, ...r }) => ({
    ...r,
    versus: base && label(base),
    original: original && { target: label(original), millis: original.millis },
  }));
