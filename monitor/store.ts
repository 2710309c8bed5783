/**
 * The monitoring store: one SQLite file (`node:sqlite`, no native module to build) holding runs
 * and what their hosts measured. Only the process that coordinates a run writes to it; the
 * dashboard opens it read-only. WAL mode lets the dashboard read while runs write.
 *
 * @module
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { HostReport } from "../runtime/monitor.ts";

/** Where `--monitor` writes, and the dashboard reads, unless told otherwise. */
export const DEFAULT_DB = ".dispel4ts/monitor.db";

/** How a run ended, or that it is still going. */
export type RunStatus = "running" | "done" | "failed" | "interrupted";

/** What is known of a run before it starts. */
export interface RunStart {
  readonly workflow: string;
  readonly module: string;
  readonly target: string;
  /** `-n`, when given. */
  readonly processes?: number;
  /** Instances per node id. */
  readonly counts: Readonly<Record<string, number>>;
  /** The graph, as IR JSON. */
  readonly graph: string;
  /** The run whose suggested allocation this run applies (`--plan-from`). */
  readonly plannedFrom?: number;
}

/** A run as stored. Times are epoch milliseconds. */
export interface RunRow extends RunStart {
  readonly id: number;
  readonly started: number;
  readonly ended?: number;
  readonly status: RunStatus;
  readonly error?: string;
  /** How many hosts have reported. */
  readonly hosts: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  workflow TEXT NOT NULL,
  module TEXT NOT NULL,
  target TEXT NOT NULL,
  processes INTEGER,
  counts TEXT NOT NULL,
  graph TEXT NOT NULL,
  planned_from INTEGER,
  started REAL NOT NULL,
  ended REAL,
  status TEXT NOT NULL,
  error TEXT
);
CREATE TABLE IF NOT EXISTS reports (
  run INTEGER NOT NULL REFERENCES runs(id),
  host INTEGER NOT NULL,
  report TEXT NOT NULL,
  PRIMARY KEY (run, host)
);`;

type Row = Record<string, unknown>;

const toRun = (r: Row): RunRow => ({
  id: Number(r.id),
  workflow: String(r.workflow),
  module: String(r.module),
  target: String(r.target),
  processes: r.processes === null ? undefined : Number(r.processes),
  counts: JSON.parse(String(r.counts)),
  graph: String(r.graph),
  plannedFrom: r.planned_from === null ? undefined : Number(r.planned_from),
  started: Number(r.started),
  ended: r.ended === null ? undefined : Number(r.ended),
  status: String(r.status) as RunStatus,
  error: r.error === null ? undefined : String(r.error),
  hosts: Number(r.hosts ?? 0),
});

const RUN_COLUMNS =
  "id, workflow, module, target, processes, counts, graph, planned_from, started, ended, status, error, " +
  "(SELECT COUNT(*) FROM reports WHERE reports.run = runs.id) AS hosts";

/**
 * A monitoring database.
 *
 * @example Record a run and read it back
 * ```ts
 * import { Store } from "./store.ts";
 * const path = await Deno.makeTempFile({ suffix: ".db" });
 * const store = Store.open(path);
 * const id = store.startRun({ workflow: "wf", module: "m", target: "simple", counts: { p: 1 }, graph: "{}" });
 * store.endRun(id, "done");
 * store.runs().map((r) => [r.workflow, r.status]); // => [["wf", "done"]]
 * store.close();
 * ```
 */
export class Store {
  private constructor(private readonly db: DatabaseSync) {}

  /** Opens (creating it and its folder, unless `readOnly`) the database at `path`. */
  static open(path: string, options: { readonly readOnly?: boolean } = {}): Store {
    if (!options.readOnly) mkdirSync(dirname(path), { recursive: true });
    const db = new DatabaseSync(path, { readOnly: options.readOnly ?? false });
    // Runs going on side by side write to one file: a writer waits for another, it does not fail.
    db.exec("PRAGMA busy_timeout = 5000");
    if (!options.readOnly) {
      db.exec("PRAGMA journal_mode = WAL");
      db.exec(SCHEMA);
    }
    return new Store(db);
  }

  /** Adds a running run; returns its id. */
  startRun(run: RunStart, started = Date.now()): number {
    const r = this.db.prepare(
      "INSERT INTO runs (workflow, module, target, processes, counts, graph, planned_from, started, status) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running')",
    ).run(
      run.workflow,
      run.module,
      run.target,
      run.processes ?? null,
      JSON.stringify(run.counts),
      run.graph,
      run.plannedFrom ?? null,
      started,
    );
    return Number(r.lastInsertRowid);
  }

  /** Keeps a host's latest report of a run. */
  saveReport(run: number, report: HostReport): void {
    this.db.prepare("INSERT OR REPLACE INTO reports (run, host, report) VALUES (?, ?, ?)").run(
      run,
      report.host,
      JSON.stringify(report),
    );
  }

  /** Marks a run ended. */
  endRun(run: number, status: Exclude<RunStatus, "running">, error?: string, ended = Date.now()): void {
    this.db.prepare("UPDATE runs SET status = ?, error = ?, ended = ? WHERE id = ?").run(
      status,
      error ?? null,
      ended,
      run,
    );
  }

  /** The newest runs first. */
  runs(limit = 200): Array<RunRow> {
    return this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ?`).all(limit).map(toRun);
  }

  /** One run, if stored. */
  run(id: number): RunRow | undefined {
    const r = this.db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`).get(id);
    return r === undefined ? undefined : toRun(r);
  }

  /** The latest report of each host of a run, by host. */
  reports(id: number): Array<HostReport> {
    return this.db.prepare("SELECT report FROM reports WHERE run = ? ORDER BY host").all(id).map((r) =>
      JSON.parse(String(r.report)) as HostReport
    );
  }

  close(): void {
    this.db.close();
  }
}
