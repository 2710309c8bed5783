/**
 * One PE instance's host inside a Spark task: the program the driver's `mapPartitionsWithIndex`
 * runs for each partition, as `deno run -A mod.ts spark-task GID`.
 *
 * Stdin: length-prefixed frames, the run's init (the same for every task), then the payloads the
 * upstream instances addressed to this one, in the order Spark delivers them (it keeps the order
 * of each upstream task's records); stdin's end is the end of the partition. Stdout: records
 * `[key i32][length u32][payload]`: key ≥ 0 is the destination instance of a payload, -1 a message
 * for the driver (results, the summary), -2 the run's failure. Logs and PE console output go to
 * stderr. Exit code 0 after `done`, 1 after a failure.
 *
 * @module
 */
import { stderrLine } from "../../runtime/console.ts";
import { EngineHost } from "../../runtime/engine_host.ts";
import type { HostInit } from "../../runtime/host_protocol.ts";
import { type StallState, watchStalls } from "../../runtime/stall.ts";
import { writeStdout } from "../../runtime/stdio_host.ts";
import { decode, encode, readFrames } from "../../runtime/wire.ts";

/** Record keys besides destination instances. */
export const TO_DRIVER = -1;
export const FAILED = -2;

const record = (key: number, payload: Uint8Array): void => {
  const bytes = new Uint8Array(8 + payload.byteLength);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, key);
  view.setUint32(4, payload.byteLength);
  bytes.set(payload, 8);
  writeStdout(bytes);
};

/**
 * Serves instance `gid` of the run whose init comes first on stdin; resolves to the exit code.
 * With `stallTimeout` (seconds), a PE call that does not settle while the task is idle fails it.
 */
export const serveSparkTask = async (gid: number, stallTimeout?: number): Promise<number> => {
  const outcome = Promise.withResolvers<number>();
  let state: StallState = { processed: 0, waiting: undefined };
  const engine = new EngineHost({
    toInstance: record,
    toDriver: (m) => {
      if (m.t === "progress") {
        // Watched here, as the coordinator watches on other targets: the driver hears nothing live.
        state = { processed: Object.values(m.processed).reduce((a, b) => a + b, 0), waiting: m.waiting };
        return;
      }
      record(m.t === "failed" ? FAILED : TO_DRIVER, encode(m));
      if (m.t === "done") outcome.resolve(0);
      if (m.t === "failed") outcome.resolve(1);
    },
  }, { noun: "Spark task" });
  const unguard = engine.host.guardProcess();
  const stopWatching = watchStalls({
    read: () => state,
    timeout: stallTimeout,
    notice: stderrLine,
    fail: (e) => engine.host.fail(e),
  });
  (async () => {
    let started = false;
    for await (const bytes of readFrames(Deno.stdin.readable)) {
      if (started) engine.receive(bytes);
      else {
        engine.start(decode(bytes) as HostInit, gid);
        started = true;
      }
    }
    if (!started) throw new Error(`Spark task ${gid} got no run on stdin: the spark target starts it`);
    engine.endOfInput();
  })().catch((e) => engine.host.fail(e));
  try {
    return await outcome.promise;
  } finally {
    stopWatching();
    await engine.host.close();
    unguard();
  }
};
