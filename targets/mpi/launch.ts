/**
 * Starting Deno programs as the ranks of an Open MPI job: `mpirun -n N deno run -A PROGRAM`.
 *
 * @example Two ranks of a program
 * ```ts ignore
 * import { mpirun } from "./launch.ts";
 * const out = await mpirun(2, "hello.ts", ["--quiet"]).output();
 * ```
 *
 * @module
 */

/** Why `mpirun` cannot start a job here, or undefined when it can. */
export const mpirunMissing = (): string | undefined => {
  try {
    const out = new Deno.Command("mpirun", { args: ["--version"], stdout: "piped", stderr: "null" })
      .outputSync();
    return out.success ? undefined : "mpirun --version failed";
  } catch {
    return "mpirun is not on the PATH";
  }
};

/**
 * The flags every local job needs: ranks may outnumber cores, and root may run them (Open MPI
 * refuses root by default, and containers often run as root).
 */
export const mpirunFlags = (): Array<string> => [
  "--oversubscribe",
  ...(Deno.uid?.() === 0 ? ["--allow-run-as-root"] : []),
];

/**
 * A command running `program` with Deno on `ranks` ranks (of this machine, unless `mpirunArgs`
 * name a hostfile).
 */
export const mpirun = (
  ranks: number,
  program: string,
  args: ReadonlyArray<string> = [],
  options: Omit<Deno.CommandOptions, "args"> = {},
  mpirunArgs: ReadonlyArray<string> = [],
): Deno.Command =>
  new Deno.Command("mpirun", {
    stdout: "piped",
    stderr: "piped",
    ...options,
    args: [
      ...mpirunFlags(),
      ...mpirunArgs,
      "-n",
      String(ranks),
      Deno.execPath(),
      "run",
      "-A",
      program,
      ...args,
    ],
  });
