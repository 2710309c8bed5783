import assert from "node:assert/strict";
import { fromJson } from "../ir/json.ts";
import { diagnose } from "../monitor/diagnose.ts";
import { profile } from "../monitor/profile.ts";
import { Store } from "../monitor/store.ts";
import { mpiUnavailable } from "../targets/mpi/mod.ts";
import { sparkUnavailable } from "../targets/spark/mod.ts";
import { stormMissing } from "../targets/storm/mod.ts";
import { engineTest } from "./engines.ts";
import { HTML_NAME } from "./fixtures/monitored.ts";
import { runCli } from "./run_cli.ts";

const FIXTURE = "tests/fixtures/monitored.ts";
const ITEMS = 3000;
const names = ["src", HTML_NAME, "heavy", "total"];

const monitored = async (db: string, ...args: Array<string>) => {
  const r = await runCli([FIXTURE, "-d", JSON.stringify({ src: [ITEMS] }), `--monitor=${db}`, ...args]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).data, ITEMS);
  return r;
};

/** Checks what every monitored run of the fixture must have recorded. */
const checkRun = (store: Store, id: number, target: string, hosts: number) => {
  const run = store.run(id)!;
  assert.equal(run.workflow, "monitored");
  assert.equal(run.target, target);
  assert.equal(run.status, "done");
  assert.ok(run.ended! >= run.started);
  const reports = store.reports(id);
  assert.equal(reports.length, hosts);
  assert.ok(reports.every((r) => r.final));
  const prof = profile(reports, names);
  assert.deepEqual(prof.pes.map((p) => p.pe), names);
  const by = new Map(prof.pes.map((p) => [p.pe, p]));
  // src is called once with the count; the others once per item.
  assert.deepEqual(names.map((n) => by.get(n)!.calls), [1, ITEMS, ITEMS, ITEMS]);
  assert.deepEqual(names.map((n) => by.get(n)!.out), [ITEMS, ITEMS, ITEMS, 1]);
  for (const p of prof.pes) {
    assert.ok(p.processMs >= 0 && p.busy >= 0 && p.busy <= 1, `${p.pe}: ${JSON.stringify(p)}`);
    assert.ok(p.hist.reduce((a, b) => a + b, 0) <= p.calls);
  }
  // heavy does ten times the arithmetic of the PE before it.
  assert.ok(by.get("heavy")!.processMs > by.get(HTML_NAME)!.processMs, JSON.stringify(prof.pes));
  assert.ok(prof.timeline.length === 4 && prof.timeline[0].length > 0);
  return prof;
};

Deno.test("--monitor records runs on simple and workers; --plan-from runs the suggested allocation", async () => {
  const dir = await Deno.makeTempDir({ prefix: "monitor-e2e-" });
  const db = `${dir}/m.db`;
  try {
    await monitored(db);
    await monitored(db, "-t", "workers", "-n", "4");
    const store = Store.open(db, { readOnly: true });
    try {
      assert.deepEqual(store.runs().map((r) => [r.id, r.target, r.processes]), [[2, "workers", 4], [
        1,
        "simple",
        undefined,
      ]]);
      checkRun(store, 1, "simple", 1);
      const prof = checkRun(store, 2, "workers", 2);
      // Two workers: batches went from one to the other, each measured.
      assert.ok(prof.links.length > 0 && prof.links.every((l) => l.batches > 0 && l.latencyMaxMs >= 0));
      assert.deepEqual(prof.assignment.map((a) => a.host), [0, 1]);
      const run = store.run(2)!;
      const d = diagnose(fromJson(run.graph), prof, run.counts, run.processes);
      assert.equal(d.budget, 4);
      assert.equal(d.allocation.reduce((s, a) => s + (a.fixed ? 0 : a.suggested), 0), 4);
      assert.ok(d.sentences.length >= 2 && d.sentences.every((s) => s.length > 0));
      const heavy = d.allocation.find((a) => a.pe === "heavy")!;
      assert.ok(heavy.suggested >= 2, JSON.stringify(d));
      // --plan-from 2 runs heavy with the suggested count, and records that it did.
      const planned = await monitored(db, "-t", "workers", "-n", "4", "--plan-from", "2", "-v");
      assert.match(planned.stderr, new RegExp(`heavy: ${heavy.suggested}`));
      assert.equal(store.run(3)!.plannedFrom, 2);
      assert.equal(store.run(3)!.counts.heavy, heavy.suggested);
    } finally {
      store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// The parallel targets whose hosts live in processes of their own: mpi (relayed by rank 0), spark
// (each task's final report, when the job ends) and storm (live, over the tasks' channel).
const engines: Array<[string, string, () => string | undefined, Array<string>, number]> = [
  ["mpi", "every rank's report reaches", mpiUnavailable, ["-n", "3"], 3],
  ["spark", "every task's final report reaches", sparkUnavailable, ["--master", "local[2]", "-n", "2"], 4],
  // -n 2 gives each of the four PEs one instance, each a task of its own.
  ["storm", "every task's reports reach", stormMissing, ["-n", "2"], 4],
];
for (const [target, what, missing, args, hosts] of engines) {
  engineTest(`--monitor records a run on ${target}: ${what} the store`, target, missing, async () => {
    const dir = await Deno.makeTempDir({ prefix: "monitor-e2e-" });
    const db = `${dir}/m.db`;
    try {
      await monitored(db, "-t", target, ...args);
      const store = Store.open(db, { readOnly: true });
      try {
        const prof = checkRun(store, 1, target, hosts);
        assert.ok(prof.links.length > 0);
      } finally {
        store.close();
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("a failed monitored run is recorded as failed, with its error line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "monitor-e2e-" });
  const db = `${dir}/m.db`;
  try {
    const r = await runCli([FIXTURE, "-d", '{"src": [-1]}', "-t", "workers", "-n", "2", `--monitor=${db}`]);
    assert.equal(r.code, 1);
    const store = Store.open(db, { readOnly: true });
    const [run] = store.runs();
    assert.equal(run.status, "failed");
    assert.match(run.error!, /PE "src" instance 0 failed on data unit -1: Error: cannot count to -1/);
    store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--plan-from refuses, in one line, a store or run it cannot use", async () => {
  const dir = await Deno.makeTempDir({ prefix: "monitor-e2e-" });
  const db = `${dir}/m.db`;
  try {
    const missing = await runCli([FIXTURE, "-d", '{"src": [3]}', `--monitor=${db}`, "--plan-from", "1"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr.trim(), /^error: --plan-from 1: cannot read the monitoring store ".*m\.db"/);
    await monitored(db);
    const none = await runCli([FIXTURE, "-d", '{"src": [3]}', `--monitor=${db}`, "--plan-from", "7"]);
    assert.equal(none.code, 2);
    assert.equal(none.stderr.trim(), `error: --plan-from 7: no run 7 in "${db}"`);
    const other = await runCli([
      "bench/pipeline.ts",
      "-d",
      '{"numbers": [3]}',
      `--monitor=${db}`,
      "--plan-from",
      "1",
    ]);
    assert.equal(other.code, 2);
    assert.equal(
      other.stderr.trim(),
      `error: --plan-from 1: run 1 is of workflow "monitored", not "pipeline"`,
    );
    const bad = await runCli([FIXTURE, "--plan-from", "x"]);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr.trim(), `error: Option --plan-from takes a whole number >= 1, got "x"`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
