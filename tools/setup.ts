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
import { sparkUnavailable, sparkVenv } from "../targets/spark/mod.ts";
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

/** The PySpark the spark target is built and tested with. */
export const PYSPARK = "pyspark==4.3.0";

/**
 * Java 17 (Debian's, only when `java -version` fails: installing it again would upgrade it), then
 * a virtual environment with PySpark. PyPI serves PySpark as a source package of about 450 MB
 * that pip builds into a wheel: a minute the first time, seconds from pip's cache.
 */
const spark = async (): Promise<PartResult> => {
  if (sparkUnavailable() === undefined) return { part: "spark", status: "present", detail: sparkVenv() };
  const done: Array<string> = [];
  if (!(await run("java", ["-version"])).ok) {
    const r = await aptInstall(["openjdk-17-jre-headless"]);
    if (!r.ok) return { part: "spark", status: "skipped", detail: `Java: ${r.detail}` };
    done.push(r.detail);
  }
  const venv = sparkVenv();
  const python = `${venv}/bin/python`;
  const modern = "import sys; sys.exit(sys.version_info < (3, 10))";
  if (!(await run("python3", ["-c", modern])).ok) {
    const r = await aptInstall(["python3", "python3-venv"]);
    if (!r.ok) return { part: "spark", status: "skipped", detail: `Python 3.10 or later: ${r.detail}` };
    done.push(r.detail);
  }
  if (!exists(python)) {
    let r = await run("python3", ["-m", "venv", venv]);
    if (!r.ok) {
      // Debian splits venv out of python3.
      await aptInstall(["python3-venv"]);
      r = await run("python3", ["-m", "venv", venv]);
    }
    if (!r.ok) return { part: "spark", status: "skipped", detail: `python3 -m venv failed: ${r.tail}` };
  }
  const pip = await run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", PYSPARK]);
  if (!pip.ok) {
    return { part: "spark", status: "skipped", detail: `pip install ${PYSPARK} failed: ${pip.tail}` };
  }
  done.push(`${PYSPARK} in ${venv}`);
  const still = sparkUnavailable();
  return still === undefined
    ? { part: "spark", status: "installed", detail: done.join("; ") }
    : { part: "spark", status: "skipped", detail: still };
};

/** Java 17 (a JDK) and Maven from Debian where missing, then the storm target's Java launcher. */
const storm = async (): Promise<PartResult> => {
  const missing = [
    ...((await run("javac", ["-version"])).ok ? [] : ["openjdk-17-jdk-headless"]),
    ...((await run("mvn", ["-v"])).ok ? [] : ["maven"]),
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

const parts: Record<string, () => Promise<PartResult>> = {
  browser,
  mpi,
  spark,
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
