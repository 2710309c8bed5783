/**
 * Building the storm target's Java launcher with Maven (`deno task setup storm` calls it). The
 * build is skipped while the jar is newer than the pom and every Java source; Maven runs offline
 * first, so that a machine whose Maven repository already holds Storm builds without a network.
 *
 * @example Whether the launcher needs building
 * ```ts ignore
 * import { launcherStale } from "./build.ts";
 * launcherStale(); // false once `deno task setup storm` has built it
 * ```
 *
 * @module
 */
import { LAUNCHER } from "./launcher.ts";

const mtime = (path: string): number => {
  try {
    return Deno.statSync(path).mtime?.getTime() ?? 0;
  } catch {
    return 0;
  }
};

/** Whether the launcher jar is missing or older than its pom or a Java source. */
export const launcherStale = (): boolean => {
  const jar = mtime(LAUNCHER.jar);
  if (jar === 0 || mtime(LAUNCHER.lib) === 0) return true;
  const sources = [...Deno.readDirSync(LAUNCHER.sources)].map((e) => `${LAUNCHER.sources}${e.name}`);
  return [LAUNCHER.pom, ...sources].some((p) => mtime(p) > jar);
};

/** Builds the launcher (`mvn package`); resolves to undefined, or to why it failed. */
export const buildLauncher = async (): Promise<string | undefined> => {
  let tail = "";
  for (const offline of [true, false]) {
    try {
      const out = await new Deno.Command("mvn", {
        args: ["-q", "-B", ...(offline ? ["-o"] : []), "-f", LAUNCHER.pom, "package"],
        stdout: "piped",
        stderr: "piped",
      }).output();
      if (out.success) return undefined;
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      tail = text.split("\n").filter((l) => l.includes("ERROR")).slice(0, 2).join(" | ");
    } catch (e) {
      return `mvn could not run: ${(e as Error).message}`;
    }
  }
  return `mvn package failed: ${tail}`;
};
