import assert from "node:assert/strict";
import { engineTest } from "../../tests/engines.ts";
import { interrupt, leftovers, runCli, spawnMarked } from "../../tests/run_cli.ts";
import { mpirunFlags, mpiUnavailable } from "./mod.ts";

const faults = ["mod.ts", "run", "tests/fixtures/process_faults.ts", "--target", "mpi", "-n", "4"];

engineTest(
  "mpi: a PE error on a rank other than 0 ends the job: one line, exit 1, nothing left",
  "mpi",
  mpiUnavailable,
  async () => {
    const mark = crypto.randomUUID();
    const started = performance.now();
    const child = spawnMarked([...faults, "-a", "failing", "-i", "1000"], mark);
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 1, stderr);
    assert.equal(
      stderr.trim(),
      'error: PE "fails" instance 2 on rank 3 failed on data unit 500: RangeError: bad sample',
    );
    assert.ok(performance.now() - started < 20_000);
    assert.deepEqual(await leftovers(mark), []);
  },
);

engineTest(
  "mpi: SIGINT while the job runs ends it with exit code 130, the results so far, nothing left",
  "mpi",
  mpiUnavailable,
  async () => {
    const r = await interrupt(
      ["tests/fixtures/trickle.ts", "-i", "200", "--target", "mpi", "-n", "3"],
      "mpi-rank",
    );
    assert.equal(r.code, 130, r.stderr);
    assert.ok(r.millis < 20_000, `took ${r.millis} ms to end`);
    assert.match(r.stderr.trim(), /^interrupted by SIGINT: \d+ results? written$/);
    assert.deepEqual(r.left, []);
  },
);

engineTest(
  "mpi: a rank killed mid-stream ends the job, naming the rank; nothing left",
  "mpi",
  mpiUnavailable,
  async () => {
    const mark = crypto.randomUUID();
    const child = spawnMarked([...faults, "-a", "slowStream", "-i", "4000"], mark);
    let out = "";
    const stdout = (async () => {
      for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) out += text;
    })();
    const stderr = new Response(child.stderr).text();
    // Wait for the ranks to be up and streaming, then kill the one hosting slow[1].
    let victim: number | undefined;
    for (let tries = 0; tries < 100 && victim === undefined; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      for await (const entry of Deno.readDir("/proc")) {
        if (!/^\d+$/.test(entry.name)) continue;
        try {
          const env = await Deno.readTextFile(`/proc/${entry.name}/environ`);
          if (env.includes(mark) && env.includes("OMPI_COMM_WORLD_RANK=2\0")) victim = Number(entry.name);
        } catch { /* gone */ }
      }
    }
    assert.ok(victim !== undefined, "rank 2 never started");
    for (let tries = 0; tries < 300 && out.split("\n").length <= 10; tries++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const killedAt = performance.now();
    Deno.kill(victim, "SIGKILL");
    const { code } = await child.status;
    assert.ok(performance.now() - killedAt < 10_000);
    assert.notEqual(code, 0);
    assert.match(
      (await stderr).trim(),
      /^error: Rank 2 \(hosting slow\[1\]\) failed: killed by signal 9 \(Killed\)$/,
    );
    await stdout;
    assert.ok(out.split("\n").length > 10, "results streamed before the kill");
    assert.deepEqual(await leftovers(mark), []);
  },
);

engineTest(
  "mpi: started the original's way, rank 0 writes the results and --out; the rest only host",
  "mpi",
  mpiUnavailable,
  async () => {
    const dir = await Deno.makeTempDir();
    const out = `${dir}/results.jsonl`;
    const job = await new Deno.Command("mpirun", {
      args: [
        ...mpirunFlags(),
        "-n",
        "3",
        Deno.execPath(),
        "run",
        "-A",
        "examples/graph_testing/parallel_pipeline.ts",
        "--target",
        "mpi",
        "-i",
        "10",
        "-o",
        out,
      ],
      cwd: new URL("../../", import.meta.url),
      env: { NO_COLOR: "1" },
    }).output();
    assert.ok(job.success, new TextDecoder().decode(job.stderr));
    assert.equal(new TextDecoder().decode(job.stdout), "");
    const lines = (await Deno.readTextFile(out)).trim().split("\n");
    const reference = await runCli(["examples/graph_testing/parallel_pipeline.ts", "-n", "3", "-i", "10"]);
    assert.deepEqual(lines.sort(), reference.stdout.trim().split("\n").sort());
    await Deno.remove(dir, { recursive: true });
  },
);

engineTest(
  "mpi: groupBy sends equal string keys to one instance across ranks",
  "mpi",
  mpiUnavailable,
  async () => {
    const r = await runCli([
      "examples/graph_testing/word_count.ts",
      "--target",
      "mpi",
      "-n",
      "5",
      "-i",
      "30",
    ]);
    assert.equal(r.code, 0, r.stderr);
    // Word count emits running counts: a key split over instances would restart its count.
    const counts = new Map<string, Array<number>>();
    for (const line of r.stdout.trim().split("\n")) {
      const [word, n] = JSON.parse(line).data as [string, number];
      counts.set(word, [...(counts.get(word) ?? []), n]);
    }
    for (const [word, seen] of counts) {
      assert.deepEqual(seen.sort((a, b) => a - b), seen.map((_, i) => i + 1), word);
    }
  },
);

engineTest(
  "mpi: --mpirun-args reach mpirun; --hostfile and --mpirun-args are refused on other targets",
  "mpi",
  mpiUnavailable,
  async () => {
    const run = (...extra: Array<string>) =>
      runCli(["mod.ts", "run", "tests/fixtures/host_workflows.ts", "-a", "envProbe", ...extra]);
    // -x exports a variable to the ranks only: the PE sees it because mpirun got the argument.
    const r = await run("--target", "mpi", "-n", "2", "--mpirun-args", "-x DISPEL4TS_PROBE=through");
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split("\n").map((l) => JSON.parse(l).data), ["through"]);
    for (const option of [["--hostfile", "hosts"], ["--mpirun-args", "-x A=1"]]) {
      const refused = await run("--target", "workers", ...option);
      assert.equal(refused.code, 2);
      assert.equal(
        refused.stderr.trim(),
        'error: --hostfile and --mpirun-args apply to --target mpi, not "workers"',
      );
    }
  },
);
