/**
 * Services for Effect PEs: a workflow carries a Layer (`provide`), and every process that hosts
 * its instances builds it once for the run, as a `ManagedRuntime`, and disposes of it at the end
 * (also when the run fails). Effect PEs (per-item Effects and Stream PEs) run on that runtime;
 * without a Layer they run on Effect's default one.
 *
 * @module
 */
import type * as Effect from "effect/Effect";
import type * as Fiber from "effect/Fiber";
import type * as Layer from "effect/Layer";
import type * as ManagedRuntime from "effect/ManagedRuntime";
import type { Services } from "../ir/code.ts";

/** How a PE runs Effects: on the workflow's runtime, or Effect's default one. */
export interface EffectRunner {
  promise<A, E>(effect: Effect.Effect<A, E, never>): Promise<A>;
  fork<A, E>(effect: Effect.Effect<A, E, never>): Fiber.Fiber<A, E>;
}

/** What a workflow's Layer becomes in a process: the handle PEs get as `ctx.services`. */
interface Handle {
  readonly runtime: ManagedRuntime.ManagedRuntime<unknown, unknown>;
}

let defaultRunner: EffectRunner | undefined;
let EffectModule: typeof import("effect/Effect") | undefined;

/**
 * The runner for a context's services (`ctx.services`). Effect's module must be loaded first
 * ({@link loadEffect}), so that plain workflows never pay for it.
 */
export const runnerOf = (services: unknown): EffectRunner => {
  if (services !== undefined) {
    const { runtime } = services as Handle;
    return {
      promise: (effect) => runtime.runPromise(effect),
      fork: (effect) => runtime.runFork(effect) as Fiber.Fiber<never, never>,
    };
  }
  const E = EffectModule!;
  return defaultRunner ??= { promise: (effect) => E.runPromise(effect), fork: (effect) => E.runFork(effect) };
};

/** Loads Effect's module (about 90 ms, once per process), for {@link runnerOf}. */
export const loadEffect = async (): Promise<typeof import("effect/Effect")> =>
  EffectModule ??= await import("effect/Effect");

/**
 * The services of a Layer, opened in a process: built on first use, disposed by `close`.
 *
 * @example Open and close a Layer's services
 * ```ts
 * import * as Layer from "effect/Layer";
 * import { openLayer } from "./services.ts";
 * const services = await openLayer(Layer.empty);
 * await services.close();
 * typeof services.handle; // => "object"
 * ```
 */
export const openLayer = async <ROut, E>(layer: Layer.Layer<ROut, E, never>): Promise<Services> => {
  const { make } = await import("effect/ManagedRuntime");
  await loadEffect();
  const runtime = make(layer) as ManagedRuntime.ManagedRuntime<unknown, unknown>;
  const handle: Handle = { runtime };
  return { handle, close: () => runtime.dispose() };
};
