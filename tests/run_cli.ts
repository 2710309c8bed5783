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
