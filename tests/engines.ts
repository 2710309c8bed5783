/**
 * Tests that need an engine (a browser, MPI, Spark, Storm): they run where the engine is
 * installed, skip with a printed reason where it is not, and fail instead of skipping when
 * DISPEL4TS_REQUIRE_ENGINES=1 (as CI sets it).
 *
 * @module
 */

/** Whether missing engines fail the tests instead of skipping them. */
export const enginesRequired = (): boolean => Deno.env.get("DISPEL4TS_REQUIRE_ENGINES") === "1";

/**
 * Registers a test that needs an engine. `missing` returns why the engine is unavailable, or
 * undefined when it is there.
 */
export const engineTest = (
  name: string,
  engine: string,
  missing: () => string | undefined,
  fn: (t: Deno.TestContext) => Promise<void>,
): void => {
  const why = missing();
  if (why === undefined) {
    Deno.test(name, fn);
  } else if (enginesRequired()) {
    Deno.test(name, () => {
      throw new Error(`${engine} is required (DISPEL4TS_REQUIRE_ENGINES=1) but unavailable: ${why}`);
    });
  } else {
    console.error(`skip: ${name}: ${engine} unavailable: ${why} (run: deno task setup ${engine})`);
    Deno.test({ name: `${name} (skipped: ${engine} unavailable)`, ignore: true, fn: () => {} });
  }
};
