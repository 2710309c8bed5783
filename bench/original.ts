/**
 * The original system, for side-by-side runs: dispel4py 2.x (`stream-d4py` on PyPI), installed
 * by the bench into a project-local virtual environment, running the equivalent Python workflows
 * in `bench/python/`.
 *
 * @module
 */

/** The version of the original the bench measures. */
export const ORIGINAL = "stream-d4py==2.8";

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

/** Installs the original into `.venv-d4py/` if needed; returns the `dispel4py` command, or why not. */
export const ensureOriginal = async (): Promise<{ command: string } | { missing: string }> => {
  const command = new URL("bin/dispel4py", venv).pathname;
  try {
    await Deno.stat(command);
    return { command };
  } catch {
    // not installed yet
  }
  console.error(`installing ${ORIGINAL} into .venv-d4py/ ...`);
  const made = await run("python3", ["-m", "venv", venv.pathname]);
  if (!made.ok) return { missing: `python3 -m venv failed: ${made.stderr.trim().split("\n").pop()}` };
  const pip = await run(new URL("bin/pip", venv).pathname, ["install", "-q", ORIGINAL]);
  if (!pip.ok) return { missing: `pip install ${ORIGINAL} failed: ${pip.stderr.trim().split("\n").pop()}` };
  return { command };
};

/** One run of the original: its own ELAPSED TIME, peak RSS of its largest process, and RESULT lines. */
export interface OriginalRun {
  readonly millis: number;
  readonly rss: number;
  readonly results: Array<Array<number>>;
}

/** Runs `dispel4py MAPPING MODULE -d INPUTS [-n N]` under /usr/bin/time. */
export const runOriginal = async (
  command: string,
  mapping: "simple" | "multi",
  module: string,
  inputs: unknown,
  n?: number,
): Promise<OriginalRun> => {
  const args = [
    "-f",
    "MAXRSS %M",
    command,
    mapping,
    new URL(module, root).pathname,
    "-d",
    JSON.stringify(inputs),
  ];
  if (n !== undefined) args.push("-n", String(n));
  // The workflows import their shared PEs from bench/python/common.py.
  const out = await run("/usr/bin/time", args, { PYTHONPATH: new URL("bench/python/", root).pathname });
  const elapsed = /ELAPSED TIME: ([\d.]+)/.exec(out.stdout + out.stderr);
  const rss = /MAXRSS (\d+)/.exec(out.stderr);
  if (!out.ok || elapsed === null || rss === null) {
    throw new Error(
      `dispel4py ${mapping} ${module} failed: ${out.stderr.trim().split("\n").slice(-3).join(" | ")}`,
    );
  }
  // Processes share stdout, so a RESULT may follow another process's text on the same line.
  const results = [...out.stdout.matchAll(/RESULT (\d+) (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  return { millis: Number(elapsed[1]) * 1000, rss: Number(rss[1]) * 1024, results };
};
