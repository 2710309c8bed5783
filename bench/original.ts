/**
 * The original system, for side-by-side runs: dispel4py 2.x (`stream-d4py` on PyPI), installed
 * by the bench into a project-local virtual environment, running the equivalent Python workflows
 * in `bench/python/` on its simple, multi and mpi mappings (mpi: mpi4py from PyPI on the system's
 * Open MPI, which `deno task setup mpi` installs).
 *
 * @module
 */
import { mpirunFlags } from "../targets/mpi/mod.ts";
import { fileURLToPath } from "node:url";

/** The version of the original the bench measures. */
export const ORIGINAL = "stream-d4py==2.8";
/** The MPI binding its mpi mapping needs. */
export const MPI4PY = "mpi4py==4.1.2";

/** One of the original's mappings. */
export type Mapping = "simple" | "multi" | "mpi";

const root = new URL("../", import.meta.url);
const venv = new URL(".venv-d4py/", root);

const run = async (cmd: string, args: Array<string>, env: Record<string, string> = {}) => {
  try {
    const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
    const dec = new TextDecoder();
    return { ok: out.success, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  } catch (e) {
    return { ok: false, stdout: "", stderr: (e as Error).message };
  }
};

const lastLine = (text: string) => text.trim().split("\n").pop();

/** The installed original: its `dispel4py` command, and why its mpi mapping cannot run, if so. */
export interface Original {
  readonly command: string;
  readonly mpiMissing?: string;
}

/**
 * Installs the original into `.venv-d4py/` if needed, and mpi4py unless `noMpi` says why Open
 * MPI cannot run here.
 */
export const ensureOriginal = async (noMpi: string | undefined): Promise<Original | { missing: string }> => {
  const command = fileURLToPath(new URL("bin/dispel4py", venv));
  const python = fileURLToPath(new URL("bin/python", venv));
  const pip = (spec: string) => run(fileURLToPath(new URL("bin/pip", venv)), ["install", "-q", spec]);
  if (!(await run(python, ["-c", "import dispel4py"])).ok) {
    console.error(`installing ${ORIGINAL} into .venv-d4py/ ...`);
    const made = await run("python3", ["-m", "venv", fileURLToPath(venv)]);
    if (!made.ok) return { missing: `python3 -m venv failed: ${lastLine(made.stderr)}` };
    const installed = await pip(ORIGINAL);
    if (!installed.ok) return { missing: `pip install ${ORIGINAL} failed: ${lastLine(installed.stderr)}` };
  }
  if (noMpi !== undefined) return { command, mpiMissing: noMpi };
  if (!(await run(python, ["-c", "import mpi4py"])).ok) {
    console.error(`installing ${MPI4PY} into .venv-d4py/ ...`);
    const installed = await pip(MPI4PY);
    if (!installed.ok) {
      return { command, mpiMissing: `pip install ${MPI4PY} failed: ${lastLine(installed.stderr)}` };
    }
  }
  return { command };
};

/** One run of the original: its own ELAPSED TIME, peak RSS of its largest process, and RESULT lines. */
export interface OriginalRun {
  readonly millis: number;
  readonly rss: number;
  readonly results: Array<Array<number>>;
}

/**
 * Runs `dispel4py MAPPING MODULE -d INPUTS [-n N]` under /usr/bin/time; mpi runs under
 * `mpirun -n N`, and takes `-n N` a second time (the original's known issue: its mapping does
 * not ask MPI for the job size).
 */
export const runOriginal = async (
  command: string,
  mapping: Mapping,
  module: string,
  inputs: unknown,
  n?: number,
): Promise<OriginalRun> => {
  const args = [command, mapping, fileURLToPath(new URL(module, root)), "-d", JSON.stringify(inputs)];
  if (n !== undefined) args.push("-n", String(n));
  if (mapping === "mpi") {
    args.unshift("mpirun", ...mpirunFlags(), "-x", "PYTHONPATH", "-n", String(n ?? 1));
  }
  // The workflows import their shared PEs from bench/python/common.py.
  const out = await run("/usr/bin/time", ["-f", "MAXRSS %M", ...args], {
    PYTHONPATH: fileURLToPath(new URL("bench/python/", root)),
  });
  // Every process (each MPI rank) prints its own time; the run lasts as long as the slowest.
  const elapsed = [...(out.stdout + out.stderr).matchAll(/ELAPSED TIME: ([\d.]+)/g)].map((m) => Number(m[1]));
  const rss = /MAXRSS (\d+)/.exec(out.stderr);
  if (!out.ok || elapsed.length === 0 || rss === null) {
    throw new Error(
      `dispel4py ${mapping} ${module} failed: ${out.stderr.trim().split("\n").slice(-3).join(" | ")}`,
    );
  }
  // Processes share stdout, so a RESULT may follow another process's text on the same line.
  const results = [...out.stdout.matchAll(/RESULT (\d+) (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  return { millis: Math.max(...elapsed) * 1000, rss: Number(rss[1]) * 1024, results };
};
