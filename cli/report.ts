/**
 * The one place where failures become stderr lines and exit codes.
 *
 * @module
 */

/** Exit code for bad input or an invalid workflow. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for a failed PE or any other failure during a run. */
export const EXIT_FAILED = 1;

const badInputTags = new Set(["BadInput", "InvalidGraph", "BadGraphJson", "CodeNotFound"]);

/**
 * Prints a failure as one line per problem (no stack trace) and returns its exit code.
 *
 * @example
 * ```ts
 * import { report } from "./report.ts";
 * import { BadInput } from "../runtime/errors.ts";
 * const lines: string[] = [];
 * report(new BadInput({ reason: 'Unknown target "sparkle"' }), (l) => lines.push(l)); // => 2
 * lines; // => ['error: Unknown target "sparkle"']
 * ```
 */
export const report = (e: unknown, print: (line: string) => void = console.error): number => {
  const tag = (e as { _tag?: string })?._tag;
  if (tag === "InvalidGraph") {
    const { graph, problems } = e as { graph: string; problems: ReadonlyArray<string> };
    for (const p of problems) print(`error: invalid workflow "${graph}": ${p}`);
    return EXIT_BAD_INPUT;
  }
  const message = e instanceof Error ? e.message : String(e);
  if (tag !== undefined && badInputTags.has(tag)) {
    print(`error: ${message}`);
    return EXIT_BAD_INPUT;
  }
  if (tag === "PeFailure" || tag === "WorkerFailure") {
    print(`error: ${message}`);
    return EXIT_FAILED;
  }
  print(`error: ${e instanceof Error ? `${e.name}: ${e.message}` : message}`);
  if (Deno.env.get("DISPEL4TS_DEBUG") && e instanceof Error && e.stack) print(e.stack);
  return EXIT_FAILED;
};
