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

/**
 * Starts `deno run -A ...args` from the project root with `mark` in its environment (as
 * `DISPEL4TS_TEST_MARK`, inherited by every process the run starts, engines included), so that
 * {@link leftovers} finds what it left.
 */
export const spawnMarked = (args: ReadonlyArray<string>, mark: string): Deno.ChildProcess =>
  new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...args],
    cwd: root,
    env: { NO_COLOR: "1", DISPEL4TS_TEST_MARK: mark },
    stdout: "piped",
    stderr: "piped",
  }).spawn();

/** How a run that was interrupted ended, and what it left behind. */
export interface Interrupted {
  readonly code: number;
  readonly stderr: string;
  /** From the signal to the exit. */
  readonly millis: number;
  /** Processes of the run still there once it exited, after waiting up to 10 s for them (see {@link leftovers}). */
  readonly left: Array<string>;
}

/**
 * Runs `deno run -A ...args` marked (see {@link spawnMarked}), sends SIGINT once one of its
 * processes has `running` in its command line, and waits for it to end.
 */
export const interrupt = async (args: ReadonlyArray<string>, running: string): Promise<Interrupted> => {
  const mark = crypto.randomUUID();
  const child = spawnMarked(args, mark);
  const output = child.output();
  const deadline = performance.now() + 120_000;
  while (!(await leftovers(mark)).some((cmd) => cmd.includes(running))) {
    if (performance.now() > deadline) {
      child.kill("SIGKILL");
      await output;
      throw new Error(`no process running ${running} within 2 minutes`);
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  const sentAt = performance.now();
  child.kill("SIGINT");
  const { code, stderr } = await output;
  const millis = performance.now() - sentAt;
  let left = await leftovers(mark);
  for (let i = 0; i < 50 && left.length > 0; i++) {
    await new Promise((ok) => setTimeout(ok, 200));
    left = await leftovers(mark);
  }
  return { code, stderr: new TextDecoder().decode(stderr), millis, left };
};
