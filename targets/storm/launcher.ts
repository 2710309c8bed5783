/**
 * The Java launcher of the storm target (`targets/storm/java/`, built by `deno task setup storm`)
 * as seen from Deno: where it is, whether it can run, and a running launcher that submits and
 * kills topologies by JSON lines on its stdin and reports on its stdout (see `Launcher.java`).
 * One launcher holds one LocalCluster (or talks to one Nimbus) and may serve many runs.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const here = new URL(".", import.meta.url);
const path = (rel: string) => fileURLToPath(new URL(rel, here));

/** The launcher's jar, its dependencies and Storm's log configuration. */
export const LAUNCHER = {
  pom: path("pom.xml"),
  sources: path("java/src/main/java/dispel4ts/storm/"),
  jar: path("build/storm-launcher.jar"),
  lib: path("build/lib/"),
  log4j: path("log4j2.xml"),
  /** Where runs keep Storm's log and temporary files: out/storm/ of this repository. */
  runs: path("../../out/storm/"),
} as const;

const works = (cmd: string, args: Array<string>): boolean => {
  try {
    return new Deno.Command(cmd, { args, stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
};

/**
 * Why the storm target cannot run here (no Java, no launcher jar), or undefined when it can.
 *
 * @example Skip what needs Storm where it is missing
 * ```ts
 * import { stormMissing } from "./launcher.ts";
 * const why = stormMissing();
 * if (why !== undefined) console.error(`no Storm here: ${why}`);
 * ```
 */
export const stormMissing = (): string | undefined => {
  if (!works("java", ["-version"])) return "java is not on the PATH";
  try {
    Deno.statSync(LAUNCHER.jar);
    Deno.statSync(LAUNCHER.lib);
  } catch {
    return `the Storm launcher is not built (${LAUNCHER.jar} is missing)`;
  }
  return undefined;
};

/** A line the launcher writes on its stdout. */
export type LauncherEvent =
  | { readonly t: "started" }
  | { readonly t: "submitted" | "killed"; readonly run: string }
  | {
    readonly t: "failed";
    readonly run: string;
    readonly component: string;
    readonly index: number;
    readonly task: number;
    readonly reason: string;
  }
  | { readonly t: "error"; readonly run: string; readonly reason: string };

/** What a submitted run is told. */
export interface RunListener {
  /** A task failed (its process died, hung or did not start), or Storm refused a command. */
  failed(event: Extract<LauncherEvent, { t: "failed" | "error" }>): void;
  /** The launcher ended while the run was on. */
  ended(reason: string): void;
}

/** What a launcher is started with. */
export interface LauncherOptions {
  /** Submit to this Nimbus host instead of running a LocalCluster in the launcher. */
  readonly nimbus?: string;
  /** More environment for the launcher, and so for the task processes of a LocalCluster. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Lines of the launcher's stderr kept for an account of its end. */
const TAIL = 8;

/**
 * A running Java launcher. {@link StormLauncher.start} resolves once its cluster is up; `close`
 * ends it and removes its temporary files (its log stays while the launcher failed).
 *
 * @example One LocalCluster for several runs
 * ```ts ignore
 * import { StormLauncher } from "./launcher.ts";
 * import { makeStorm } from "./target.ts";
 * const launcher = await StormLauncher.start();
 * const target = makeStorm({ launcher: () => Promise.resolve(launcher) });
 * // ... runs on target ...
 * await launcher.close();
 * ```
 */
export class StormLauncher {
  private readonly listeners = new Map<string, RunListener>();
  private readonly replies = new Map<string, (e: LauncherEvent) => void>();
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly tail: Array<string> = [];
  private exited: string | undefined = undefined;
  /** Resolves when the launcher process has ended. */
  readonly ended: Promise<void>;

  private constructor(
    private readonly child: Deno.ChildProcess,
    readonly dir: string,
    started: (e?: string) => void,
  ) {
    this.writer = child.stdin.getWriter();
    const lines = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>, each: (line: string) => void) => {
      let pending = "";
      for await (const text of stream.pipeThrough(new TextDecoderStream())) {
        const parts = (pending + text).split("\n");
        pending = parts.pop()!;
        parts.forEach(each);
      }
    };
    const stderr = lines(child.stderr, (line) => {
      this.tail.push(line);
      if (this.tail.length > TAIL) this.tail.shift();
    });
    const stdout = lines(child.stdout, (line) => {
      const e = JSON.parse(line) as LauncherEvent;
      if (e.t === "started") started();
      else if (e.t === "failed") this.listeners.get(e.run)?.failed(e);
      else if (e.t === "error" && e.run === "") started(e.reason);
      else if (e.t === "error" && !this.replies.has(e.run)) this.listeners.get(e.run)?.failed(e);
      else this.replies.get(e.run)?.(e);
    });
    this.ended = Promise.all([child.status, stdout.catch(() => {}), stderr.catch(() => {})]).then(
      ([status]) => {
        const last = this.tail.filter((l) => !/^(WARNING|SLF4J)/.test(l)).at(-1);
        this.exited = `the Storm launcher ended (exit code ${status.code})${last ? `: ${last.trim()}` : ""}`;
        started(this.exited);
        for (const l of this.listeners.values()) l.ended(this.exited);
        for (const [run, reply] of this.replies) reply({ t: "error", run, reason: this.exited });
      },
    );
  }

  /** Starts a launcher and its cluster: a LocalCluster, or a client of `options.nimbus`. */
  static async start(options: LauncherOptions = {}): Promise<StormLauncher> {
    const dir = `${LAUNCHER.runs}${Date.now()}-${Deno.pid}-${Math.random().toString(36).slice(2, 8)}`;
    await Deno.mkdir(`${dir}/tmp`, { recursive: true });
    const child = new Deno.Command("java", {
      args: [
        `-Dlog4j2.configurationFile=${LAUNCHER.log4j}`,
        `-Ddispel4ts.log=${dir}/storm.log`,
        `-Djava.io.tmpdir=${dir}/tmp`,
        // The launcher guards its JVM against Storm's System.exit calls (see Launcher.java).
        "-Djava.security.manager=allow",
        "-cp",
        `${LAUNCHER.jar}:${LAUNCHER.lib}*`,
        "dispel4ts.storm.Launcher",
        ...(options.nimbus !== undefined ? ["--nimbus", options.nimbus] : []),
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
      env: { ...options.env, NO_COLOR: "1" },
    }).spawn();
    const up = Promise.withResolvers<void>();
    const launcher = new StormLauncher(
      child,
      dir,
      (e) => (e === undefined ? up.resolve() : up.reject(new Error(e))),
    );
    try {
      await up.promise;
    } catch (e) {
      await launcher.close(true);
      throw e;
    }
    return launcher;
  }

  /** Whether the launcher still runs. */
  get alive(): boolean {
    return this.exited === undefined;
  }

  /** The log Storm writes for this launcher's runs. */
  get log(): string {
    return `${this.dir}/storm.log`;
  }

  private async command(run: string, message: Record<string, unknown>): Promise<LauncherEvent> {
    if (this.exited !== undefined) return { t: "error", run, reason: this.exited };
    const { promise, resolve } = Promise.withResolvers<LauncherEvent>();
    this.replies.set(run, resolve);
    try {
      await this.writer.write(new TextEncoder().encode(`${JSON.stringify({ ...message, run })}\n`));
      return await promise;
    } catch {
      return { t: "error", run, reason: this.exited ?? "the Storm launcher is gone" };
    } finally {
      this.replies.delete(run);
    }
  }

  /** Submits a topology; resolves once Storm took it, or rejects with why not. */
  async submit(run: string, spec: Record<string, unknown>, listener: RunListener): Promise<void> {
    this.listeners.set(run, listener);
    const reply = await this.command(run, { ...spec, t: "submit" });
    if (reply.t === "error") {
      this.listeners.delete(run);
      throw new Error(reply.reason);
    }
  }

  /** Kills a run's topology (Storm then ends its processes); resolves once Storm was told. */
  async kill(run: string): Promise<void> {
    this.listeners.delete(run);
    await this.command(run, { t: "kill" });
  }

  /**
   * Ends the launcher: it kills what still runs and exits; one that does not within a few seconds
   * is killed. Its folder goes, but for the log of a launcher that failed (`keepLog`).
   */
  async close(keepLog = false): Promise<void> {
    await this.writer.close().catch(() => {});
    const kill = setTimeout(() => {
      try {
        this.child.kill("SIGKILL");
      } catch { /* gone */ }
    }, 5000);
    await this.ended;
    clearTimeout(kill);
    await Deno.remove(keepLog ? `${this.dir}/tmp` : this.dir, { recursive: true }).catch(() => {});
  }
}
