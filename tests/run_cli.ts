/**
 * Runs the project's command line in a subprocess, for tests.
 *
 * @module
 */

const root = new URL("../", import.meta.url);

/** What a command-line run printed, how it exited, and how long it took. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/**
 * Runs `deno run -A ...args` from the project root, without colours; `signal` kills it; `env`
 * adds to the environment.
 */
export const runCli = async (
  args: ReadonlyArray<string>,
  signal?: AbortSignal,
  env: Record<string, string> = {},
): Promise<CliRun> => {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: root,
    env: { NO_COLOR: "1", ...env },
    signal,
  })
    .output();
  const dec = new TextDecoder();
  return {
    code: out.code,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
    seconds: (performance.now() - started) / 1000,
  };
};

/**
 * Processes whose environment carries `mark` (set it as `DISPEL4TS_TEST_MARK` on a run): what
 * the run left behind, by command line.
 */
export const leftovers = async (mark: string): Promise<Array<string>> => {
  const found: Array<string> = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name) || Number(entry.name) === Deno.pid) continue;
    try {
      const env = await Deno.readTextFile(`/proc/${entry.name}/environ`);
      if (env.includes(mark)) found.push(await Deno.readTextFile(`/proc/${entry.name}/cmdline`));
    } catch { /* gone, or not ours */ }
  }
  return found;
};
