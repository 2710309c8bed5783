/**
 * `deno task setup [mpi|spark|storm|browser|all]`: installs the engines that targets and tests
 * need. Idempotent: each part checks first and returns at once when its engine is there.
 *
 * A part that cannot install (no root, no package manager) prints why and exits 0: the tests
 * that need the engine then skip with that reason, unless DISPEL4TS_REQUIRE_ENGINES=1 (CI).
 *
 * @module
 */
import { LIBMPI, mpiUnavailable } from "../targets/mpi/mod.ts";
import { buildLauncher, launcherStale } from "../targets/storm/build.ts";
import { LAUNCHER } from "../targets/storm/launcher.ts";

/** What one part of the setup did. */
export interface PartResult {
  readonly part: string;
  readonly status: "present" | "installed" | "skipped" | "not needed";
  readonly detail: string;
}

const exists = (path: string): boolean => {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
};

const run = async (
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ ok: boolean; tail: string }> => {
  try {
    const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
    const text = new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3).join(" | ");
    return { ok: out.success, tail: text };
  } catch (e) {
    return { ok: false, tail: (e as Error).message };
  }
};

const isRoot = (): boolean => Deno.uid?.() === 0;

/** Installs Debian packages with apt-get (as root, or through passwordless sudo). */
export const aptInstall = async (packages: string[]): Promise<{ ok: boolean; detail: string }> => {
  if (!exists("/usr/bin/apt-get")) {
    return { ok: false, detail: "apt-get is not available (not a Debian system)" };
  }
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const [cmd, prefix] = isRoot() ? ["apt-get", [] as string[]] : ["sudo", ["-n", "apt-get"]];
  if (!isRoot() && !(await run("sudo", ["-n", "true"])).ok) {
    return { ok: false, detail: "installing packages needs root or passwordless sudo" };
  }
  let r = await run(cmd, [...prefix, "install", "-y", "--no-install-recommends", ...packages], env);
  if (!r.ok) {
    await run(cmd, [...prefix, "update"], env);
    r = await run(cmd, [...prefix, "install", "-y", "--no-install-recommends", ...packages], env);
  }
  return { ok: r.ok, detail: r.ok ? `apt-get installed ${packages.join(" ")}` : `apt-get failed: ${r.tail}` };
};

/** Where the browser tests expect Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

const browser = async (): Promise<PartResult> => {
  if (exists(CHROMIUM)) return { part: "browser", status: "present", detail: CHROMIUM };
  const r = await aptInstall(["chromium"]);
  return r.ok && exists(CHROMIUM)
    ? { part: "browser", status: "installed", detail: r.detail }
    : { part: "browser", status: "skipped", detail: r.detail };
};

const mpi = async (): Promise<PartResult> => {
  if (mpiUnavailable() === undefined) {
    return { part: "mpi", status: "present", detail: `mpirun and ${LIBMPI}` };
  }
  const r = await aptInstall(["openmpi-bin"]);
  const still = mpiUnavailable();
  return r.ok && still === undefined
    ? { part: "mpi", status: "installed", detail: r.detail }
    : { part: "mpi", status: "skipped", detail: r.ok ? still! : r.detail };
};

const works = (cmd: string, args: Array<string>): boolean => {
  try {
    return new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
};

/** Java 17 and Maven from Debian where missing, then the storm target's Java launcher. */
const storm = async (): Promise<PartResult> => {
  const missing = [
    ...(works("java", ["-version"]) && works("javac", ["-version"]) ? [] : ["openjdk-17-jdk-headless"]),
    ...(works("mvn", ["-v"]) ? [] : ["maven"]),
  ];
  let installed = "";
  if (missing.length > 0) {
    const r = await aptInstall(missing);
    if (!r.ok) return { part: "storm", status: "skipped", detail: r.detail };
    installed = `${r.detail}; `;
  }
  if (!launcherStale()) return { part: "storm", status: "present", detail: `${installed}${LAUNCHER.jar}` };
  const failed = await buildLauncher();
  return failed === undefined
    ? { part: "storm", status: "installed", detail: `${installed}built ${LAUNCHER.jar} (Storm 2.8.3)` }
    : { part: "storm", status: "skipped", detail: `${installed}${failed}` };
};

const notYet = (part: string) => (): Promise<PartResult> =>
  Promise.resolve({ part, status: "not needed", detail: `the ${part} target is not built yet` });

const parts: Record<string, () => Promise<PartResult>> = {
  browser,
  mpi,
  spark: notYet("spark"),
  storm,
};

/** Runs the named parts (`all`: every part) and returns what each did. */
export const setup = async (names: ReadonlyArray<string>): Promise<Array<PartResult>> => {
  const wanted = names.length === 0 || names.includes("all") ? Object.keys(parts) : names;
  const unknown = wanted.filter((n) => !(n in parts));
  if (unknown.length > 0) {
    throw new TypeError(`Unknown setup part "${unknown[0]}": use ${Object.keys(parts).join(", ")} or all`);
  }
  const results: Array<PartResult> = [];
  for (const name of wanted) results.push(await parts[name]());
  return results;
};

if (import.meta.main) {
  try {
    for (const r of await setup(Deno.args)) console.error(`setup ${r.part}: ${r.status} (${r.detail})`);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    Deno.exit(2);
  }
}
