/**
 * The program every Storm task of a run executes (`deno run -A mod.ts storm-task`, started by a
 * shell spout or shell bolt): Storm's multilang protocol on stdin and stdout around one PE
 * instance's {@link EngineHost}.
 *
 * The handshake's context names this task and every task of the topology; the task's instance is
 * its position among its component's sorted task ids, as in Storm's own task index. Payloads to
 * another instance leave as a direct emit to that instance's task, base64 in a one-field tuple
 * (Java never decodes them); payloads that arrive are acked at once. A spout (a root PE) emits
 * what its host has queued when Storm says `next`, then `sync`; a bolt answers heartbeats with
 * `sync`. What the host reports for the driver goes over the task's own connection to it.
 * Stdout is the protocol only: PE console output goes to stderr, which Storm logs.
 *
 * @module
 */
import type { Graph } from "../../ir/graph.ts";
import { EngineHost } from "../../runtime/engine_host.ts";
import type { HostInit } from "../../runtime/host_protocol.ts";
import { decode, encode, frame } from "../../runtime/wire.ts";
import type { TaskConf, TaskReport } from "./channel.ts";
import { MultilangWriter, readMultilang } from "./multilang.ts";

/** The first message Storm sends a component process. */
interface Handshake {
  readonly conf: TaskConf;
  readonly pidDir: string;
  readonly context: {
    readonly "task->component": Readonly<Record<string, string>>;
    readonly taskid: number;
    readonly componentid: string;
  };
}

/** A tuple for a bolt, a command for a spout, or task ids (which this task never asks for). */
type Incoming =
  | { readonly id: string; readonly stream: string; readonly tuple: ReadonlyArray<string> }
  | { readonly command: string }
  | ReadonlyArray<number>;

/** Payloads a spout emits per `next`: Storm's spout thread waits while the task answers. */
const EMITS_PER_NEXT = 16;
/** How long a spout with nothing to emit waits for something before it answers `next`, in ms. */
const IDLE_NEXT = 5;

/**
 * The run's instances, by global id, as Storm task ids; and this task's global id. Each
 * component's tasks are its PE's instances in task id order, as Storm's task index counts them.
 *
 * @example Two PEs of 1 and 2 instances
 * ```ts
 * import { taskIds } from "./task.ts";
 * const context = { "task->component": { "1": "b", "2": "a", "3": "b" }, taskid: 3, componentid: "b" };
 * taskIds(context, ["a", "b"], [1, 2]); // => { tasks: [2, 1, 3], me: 2 }
 * ```
 */
export const taskIds = (
  context: Handshake["context"],
  components: ReadonlyArray<string>,
  counts: ReadonlyArray<number>,
): { readonly tasks: ReadonlyArray<number>; readonly me: number } => {
  const byComponent = new Map<string, Array<number>>(components.map((c) => [c, []]));
  for (const [task, component] of Object.entries(context["task->component"])) {
    byComponent.get(component)?.push(Number(task));
  }
  const tasks: Array<number> = [];
  components.forEach((c, n) => {
    const ids = byComponent.get(c)!.sort((a, b) => a - b);
    if (ids.length !== counts[n]) {
      throw new Error(`component ${c} has ${ids.length} Storm tasks, but its PE has ${counts[n]} instances`);
    }
    tasks.push(...ids);
  });
  const me = tasks.indexOf(context.taskid);
  if (me < 0) throw new Error(`Storm task ${context.taskid} is not a task of this run`);
  return { tasks, me };
};

/**
 * Whether node `n` has no inputs connected: a root PE, which runs as a spout.
 *
 * @example
 * ```ts
 * import { isRoot } from "./task.ts";
 * const graph = { nodes: [{ id: "p" }, { id: "c" }], edges: [{ to: { node: "c" } }] };
 * // deno-lint-ignore no-explicit-any
 * [isRoot(graph as any, 0), isRoot(graph as any, 1)]; // => [true, false]
 * ```
 */
export const isRoot = (graph: Pick<Graph, "nodes" | "edges">, n: number): boolean =>
  !graph.edges.some((e) => e.to.node === graph.nodes[n].id);

const connect = async (address: string): Promise<Deno.TcpConn> => {
  const at = address.lastIndexOf(":");
  return await Deno.connect({ hostname: address.slice(0, at), port: Number(address.slice(at + 1)) });
};

/** Connects to the driver and starts the instance's host: what the protocol loop works with. */
const start = async ({ conf, context }: Handshake, out: MultilangWriter) => {
  const init = decode(Uint8Array.fromBase64(conf["dispel4ts.init"])) as HostInit;
  const { tasks, me } = taskIds(context, conf["dispel4ts.components"], init.counts);
  const conn = await connect(conf["dispel4ts.driver"]);
  conn.setNoDelay(true);
  const driver = conn.writable.getWriter();
  const report = (m: TaskReport) => void driver.write(frame(encode(m))).catch(() => {});
  report({ t: "hello", gid: me, task: context.taskid, pid: Deno.pid });

  // Root PEs are spouts: Storm takes their emits only as answers to `next`.
  const queued: Array<{ emit: unknown; taken: () => void }> = [];
  let wake: (() => void) | undefined;
  /** Waits a little for something to emit: a spout with nothing answers `next` at once. */
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake?.(), IDLE_NEXT);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  const spout = isRoot(JSON.parse(init.graph), conf["dispel4ts.components"].indexOf(context.componentid));
  const engine = new EngineHost({
    toInstance: (to, payload) => {
      const emit = {
        command: "emit",
        stream: "d",
        task: tasks[to],
        tuple: [payload.toBase64()],
        need_task_ids: false,
      };
      if (!spout) return out.send(emit);
      // Taken once Storm asks for it: the host's window then holds the producer.
      const { promise, resolve } = Promise.withResolvers<void>();
      queued.push({ emit, taken: resolve });
      wake?.();
      return promise;
    },
    toDriver: report,
  }, { log: (line) => report({ t: "log", line }), noun: "Storm task" });
  const unguard = engine.host.guardProcess();
  engine.start(init, me);

  return { engine, queued, idle, unguard };
};

/** Serves one task of a run; resolves to the exit code once Storm closes the task's stdin. */
export const serveStormTask = async (): Promise<number> => {
  const input = readMultilang(Deno.stdin.readable)[Symbol.asyncIterator]();
  const first = await input.next();
  if (first.done) return 1;
  const { pidDir } = first.value as Handshake;
  // Storm's supervisor ends component processes by the pid files in this folder.
  await Deno.writeFile(`${pidDir}/${Deno.pid}`, new Uint8Array());
  const out = new MultilangWriter();
  out.send({ pid: Deno.pid });
  out.flush();

  let started: Awaited<ReturnType<typeof start>>;
  try {
    started = await start(first.value as Handshake, out);
  } catch (e) {
    // Storm reports this as the task's failure; the launcher ends the run with it.
    out.send({ command: "error", msg: `the task could not start: ${(e as Error).message ?? e}` });
    out.flush();
    return 1;
  }
  const { engine, queued } = started;

  const serve = async () => {
    for (let m = await input.next(); !m.done; m = await input.next()) {
      const msg = m.value as Incoming;
      if (Array.isArray(msg)) continue;
      if ("command" in msg) {
        if (msg.command === "next") {
          if (queued.length === 0) await started.idle();
          for (const { emit, taken } of queued.splice(0, EMITS_PER_NEXT)) {
            out.send(emit);
            taken();
          }
        }
        out.send({ command: "sync" });
      } else if ("tuple" in msg) {
        if (msg.stream === "__heartbeat") out.send({ command: "sync" });
        else {
          engine.receive(Uint8Array.fromBase64(msg.tuple[0]));
          out.send({ command: "ack", id: msg.id });
        }
      }
    }
  };
  // The task ends when Storm closes its stdin (or ends it): Storm counts a component process
  // that ends by itself as a failure, and may take the worker down with it.
  try {
    await serve();
  } finally {
    started.unguard();
    await engine.host.close();
  }
  return 0;
};
