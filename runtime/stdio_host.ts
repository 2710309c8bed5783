/**
 * The PE host as a subprocess: the protocol of `host_protocol.ts` as length-prefixed frames on
 * stdin and stdout (each a message in the wire codec), logs and PE console output on stderr.
 * Engines that start their own processes (Spark executors, Storm workers) run it as
 * `deno run -A mod.ts host` and relay its frames.
 *
 * Frames in: a {@link ToHost} message, or `{ t: "peer", from, message }` for a message from
 * another host. Frames out: a {@link FromHost} message, or `{ t: "peer", to, message }` for
 * another host. The process exits 0 after `done`, 1 after `failed`, and 1 when stdin closes
 * before the run is over (its coordinator has gone).
 *
 * @module
 */
import { stderrLine } from "./console.ts";
import { PeHost } from "./host.ts";
import type { FromHost, PeerMessage, ToHost } from "./host_protocol.ts";
import { decode, encode, frame, readFrames } from "./wire.ts";

/** A frame from the coordinator's side of the pipe. */
export type StdioIn = ToHost | { readonly t: "peer"; readonly from: number; readonly message: PeerMessage };
/** A frame from the host. */
export type StdioOut = FromHost | { readonly t: "peer"; readonly to: number; readonly message: PeerMessage };

/** Exit code of a host whose run failed or whose coordinator went away. */
export const HOST_FAILED = 1;

/**
 * Writes a message to stdout as one frame in the wire codec, whole: a full pipe makes the writer
 * wait, which is the backpressure a subprocess gives its reader.
 */
export const writeFrame = (message: unknown): void => writeStdout(frame(encode(message)));

/** Writes bytes to stdout, whole, waiting while the pipe is full. */
export const writeStdout = (bytes: Uint8Array): void => {
  let off = 0;
  while (off < bytes.length) off += Deno.stdout.writeSync(bytes.subarray(off));
};

/**
 * Serves one run over stdin/stdout and resolves to the process's exit code. While it runs, a
 * PE's call to `Deno.exit` fails the run with the PE's name instead of ending the host.
 */
export const serveStdio = async (): Promise<number> => {
  const send = (m: StdioOut) => writeFrame(m);
  const outcome = Promise.withResolvers<number>();
  let over = false;
  const end = (code: number) => {
    over = true;
    outcome.resolve(code);
  };
  const host = new PeHost({
    toCoordinator: (m) => {
      send(m);
      if (m.t === "done") end(0);
      if (m.t === "failed") end(HOST_FAILED);
    },
    toPeer: (to, message) => send({ t: "peer", to, message }),
  });
  const unguard = host.guardProcess();
  const reading = (async () => {
    for await (const bytes of readFrames(Deno.stdin.readable)) {
      const m = decode(bytes) as StdioIn;
      if (m.t === "peer") host.receivePeer(m.from, m.message);
      else host.receive(m);
    }
  })();
  reading.then(
    () => {
      if (over) return;
      stderrLine("error: the host's stdin closed before its run ended: its coordinator has gone");
      end(HOST_FAILED);
    },
    (e) => {
      host.fail(e);
      end(HOST_FAILED);
    },
  );
  try {
    return await outcome.promise;
  } finally {
    await host.close();
    unguard();
  }
};

/** A stdio host started as a subprocess, seen from its coordinator's side. */
export interface StdioHostProcess {
  /** Sends one frame. */
  send(message: StdioIn): Promise<void>;
  /** The host's frames, until it closes its stdout. */
  readonly frames: AsyncIterable<StdioOut>;
  /** Closes the host's stdin: after `done`, or to make it give up. */
  close(): Promise<void>;
  readonly process: Deno.ChildProcess;
}

/**
 * Starts `deno run -A mod.ts host` as a subprocess, for a coordinator written in Deno (tests,
 * the bench); engines start the same command from their own language.
 *
 * @example Start a host and end it at once: it says its coordinator went away
 * ```ts
 * import { startStdioHost } from "./stdio_host.ts";
 * const host = startStdioHost({ stderr: "null" });
 * await host.close();
 * (await host.process.status).code; // => 1
 * ```
 */
export const startStdioHost = (
  options: Pick<Deno.CommandOptions, "stderr" | "env"> = {},
): StdioHostProcess => {
  const process = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("../mod.ts", import.meta.url).href, "host"],
    stdin: "piped",
    stdout: "piped",
    stderr: options.stderr ?? "inherit",
    env: options.env,
  }).spawn();
  const writer = process.stdin.getWriter();
  const frames = async function* () {
    for await (const bytes of readFrames(process.stdout)) yield decode(bytes) as StdioOut;
  };
  return {
    send: (m) => writer.write(frame(encode(m))),
    frames: frames(),
    close: () => writer.close(),
    process,
  };
};
