/**
 * The typed view of a running instance that user code receives, and the glue that turns typed
 * callbacks into the runtime's {@link PeInstance} contract.
 *
 * @module
 */
import type * as Effect from "effect/Effect";
import type * as Schema from "effect/Schema";
import type { PeContext, PeInstance } from "../ir/code.ts";
import type { Ports } from "./pe.ts";
import { checkedPorts, type PortSpec } from "./port.ts";
import { loadEffect, runnerOf } from "./services.ts";

/**
 * What a PE's callbacks receive: identity, per-instance state and typed writes.
 *
 * @example Count items in per-instance state and write the total at end of stream
 * ```ts
 * import * as W from "./mod.ts";
 * const count = W.iterative({
 *   name: "count",
 *   state: () => ({ n: 0 }),
 *   process: (_x: unknown, ctx) => { ctx.state.n++; },
 *   flush: (ctx) => { ctx.write("output", ctx.state.n); },
 * });
 * count.outputs; // => ["output"]
 * ```
 */
export interface Context<Out extends Ports, S> {
  readonly pe: string;
  readonly instance: number;
  readonly instances: number;
  state: S;
  write<K extends keyof Out & string>(port: K, data: Out[K]): void | Promise<void>;
  log(message: string): void;
  /** The workflow's services in this process, on which its Effects run (see `provide`). */
  readonly services?: unknown;
}

/**
 * What a setup hook may return: nothing, a promise, or an Effect. An Effect runs in a Scope of
 * the instance's own (on the workflow's services), so what it acquires with
 * `Effect.acquireRelease` is released once the instance has flushed, or when the run ends early.
 */
// deno-lint-ignore no-explicit-any
export type Setup = void | PromiseLike<void> | Effect.Effect<unknown, unknown, any>;

/** Callbacks of an atomic PE in runtime terms, with the typed context already bound. */
export interface Hooks<Out extends Ports, S> {
  readonly state?: () => S;
  readonly setup?: (ctx: Context<Out, S>) => Setup;
  readonly process: (
    port: string | undefined,
    data: unknown,
    ctx: Context<Out, S>,
  ) => void | PromiseLike<void>;
  readonly flush?: (ctx: Context<Out, S>) => void | PromiseLike<void>;
  /** Ports whose data units are checked against a Schema (see `port`), by direction. */
  readonly checks?: {
    readonly inputs?: Readonly<Record<string, Schema.Top>>;
    readonly outputs?: Readonly<Record<string, Schema.Top>>;
  };
}

/** A check of one port's data units: what is wrong with one, or undefined. */
type Check = (data: unknown) => string | undefined;

/**
 * Builds the checks of some ports. Effect's Schema module loads here, in the setup of the first
 * instance with checked ports, not with the DSL.
 */
const buildChecks = async (
  schemas: Readonly<Record<string, Schema.Top>> | undefined,
): Promise<Record<string, Check> | undefined> => {
  if (schemas === undefined) return undefined;
  const S = await import("effect/Schema");
  const out: Record<string, Check> = {};
  for (const [port, schema] of Object.entries(schemas)) {
    const s = schema as Schema.Codec<unknown, unknown>;
    const is = S.is(s);
    const decode = S.decodeUnknownSync(s);
    out[port] = (data) => {
      if (is(data)) return undefined;
      try {
        decode(data);
        return "it is not of the Schema's type";
      } catch (e) {
        return (e as Error).message.replace(/\s*\n\s*/g, " ");
      }
    };
  }
  return out;
};

/** The Schema checks a PE's declared ports ask for, or undefined when none does. */
export const checksOf = (
  inputs: Readonly<Record<string, PortSpec<unknown>>>,
  outputs: Readonly<Record<string, PortSpec<unknown>>>,
): Hooks<Ports, unknown>["checks"] => {
  const i = checkedPorts(inputs);
  const o = checkedPorts(outputs);
  return i === undefined && o === undefined ? undefined : { inputs: i, outputs: o };
};

/** Turns typed hooks into an instance factory: fresh state and context per instance. */
export const instanceFactory = <Out extends Ports, S>(hooks: Hooks<Out, S>) => (): PeInstance => {
  let ctx: Context<Out, S> | undefined;
  const state = hooks.state?.() as S;
  let checkIn: Record<string, Check> | undefined;
  let checkOut: Record<string, Check> | undefined;
  const checkedWrite = (write: PeContext["write"]) => (port: string, data: unknown) => {
    const wrong = checkOut![port]?.(data);
    if (wrong !== undefined) {
      throw new TypeError(`the data unit written to output "${port}" does not match its Schema: ${wrong}`);
    }
    return write(port, data);
  };
  const bind = (rt: PeContext): Context<Out, S> =>
    ctx ??= {
      pe: rt.pe,
      instance: rt.instance,
      instances: rt.instances,
      state,
      write: (checkOut ? checkedWrite(rt.write) : rt.write) as Context<Out, S>["write"],
      log: rt.log,
      services: rt.services,
    };
  const { setup, process, flush, checks } = hooks;
  let release: (() => Promise<void>) | undefined;
  const runSetup = setup && ((rt: PeContext) => {
    const r = setup(bind(rt));
    if (typeof r !== "object" || r === null || !(EFFECT_TYPE_ID in r)) return r as void | PromiseLike<void>;
    return scoped(r as Effect.Effect<unknown, unknown, never>, rt.services).then((close) => {
      release = close;
    });
  });
  return {
    // Checks are built before the context is bound: its write is the checked one.
    setup: checks === undefined ? runSetup : async (rt) => {
      [checkIn, checkOut] = await Promise.all([buildChecks(checks.inputs), buildChecks(checks.outputs)]);
      await runSetup?.(rt);
    },
    process: checks?.inputs === undefined
      ? (port, data, rt) => process(port, data, ctx ?? bind(rt))
      : (port, data, rt) => {
        const wrong = port === undefined ? undefined : checkIn?.[port]?.(data);
        if (wrong !== undefined) {
          throw new TypeError(`the data unit on input "${port}" does not match its Schema: ${wrong}`);
        }
        return process(port, data, ctx ?? bind(rt));
      },
    flush: flush && ((rt) => flush(bind(rt))),
    close: () => {
      const r = release;
      release = undefined;
      return r?.();
    },
  };
};

/** Runs a setup Effect in a new Scope; resolves to what closes the Scope. */
const scoped = async (
  effect: Effect.Effect<unknown, unknown, never>,
  services: unknown,
): Promise<() => Promise<void>> => {
  const [Scope, Exit] = await Promise.all([import("effect/Scope"), import("effect/Exit"), loadEffect()]);
  const run = runnerOf(services);
  const scope = Scope.makeUnsafe();
  await run.promise(Scope.provide(scope)(effect));
  return () => run.promise(Scope.close(scope, Exit.void));
};

/**
 * How Effect 4 marks its values (`Effect.isEffect` checks this key). Testing for it here, rather
 * than importing `effect/Effect`, keeps about 90 ms of module loading out of every start-up and
 * every worker; the module loads on the first Effect a PE returns.
 */
const EFFECT_TYPE_ID = "~effect/Effect";

/** Anything with a write function: the runtime's context or a typed one. */
interface Writer {
  write(port: string, data: unknown): void | Promise<void>;
  readonly services?: unknown;
}

const isThenable = (u: unknown): u is PromiseLike<unknown> =>
  typeof u === "object" && u !== null && typeof (u as PromiseLike<unknown>).then === "function";

const tag = (u: object) => Object.prototype.toString.call(u);

const drain = (it: Iterator<unknown>, out: Writer, port: string): void | Promise<void> => {
  for (let step = it.next(); !step.done; step = it.next()) {
    if (step.value === undefined) continue;
    const pending = out.write(port, step.value);
    if (pending) return pending.then(() => drain(it, out, port));
  }
};

const drainAsync = async (it: AsyncIterable<unknown>, out: Writer, port: string): Promise<void> => {
  for await (const value of it) if (value !== undefined) await out.write(port, value);
};

/**
 * Writes what a user function returned to `port`: nothing for `undefined`, every yielded value
 * for a generator (with backpressure), the awaited value for a promise, the result of an Effect.
 * Arrays are single data units, never spread.
 */
export const emitResult = (result: unknown, out: Writer, port: string): void | Promise<void> => {
  if (result === undefined) return;
  if (typeof result !== "object" || result === null) return out.write(port, result);
  if (EFFECT_TYPE_ID in result) {
    return loadEffect().then(() => runnerOf(out.services).promise(result as Effect.Effect<unknown>)).then((
      v,
    ) => emitResult(v, out, port));
  }
  if (isThenable(result)) return Promise.resolve(result).then((v) => emitResult(v, out, port));
  const kind = tag(result);
  if (kind === "[object Generator]") return drain(result as Iterator<unknown>, out, port);
  if (kind === "[object AsyncGenerator]") return drainAsync(result as AsyncIterable<unknown>, out, port);
  return out.write(port, result);
};
