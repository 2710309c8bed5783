/**
 * The one place where failures become stderr lines and exit codes.
 *
 * @module
 */
import { Interrupted } from "./signals.ts";

/** Exit code for bad input or an invalid workflow. */
export const EXIT_BAD_INPUT = 2;
/** Exit code for a failed PE or any other failure during a run. */
export const EXIT_FAILED = 1;
/** Exit code when the results' reader went away: 128 + SIGPIPE, as a Unix filter killed by it gives. */
export const EXIT_BROKEN_PIPE = 141;

const badInputTags = new Set(["BadInput", "InvalidGraph", "BadGraphJson", "CodeNotFound"]);

const encoder = new TextEncoder();

/**
 * Writes a line to stderr itself rather than through `console`, which a run in progress (one
 * that Ctrl-C ended, say) may have redirected under the name of the PE it was running.
 */
const stderrLine = (line: string): void => {
  const bytes = encoder.encode(`${line}\n`);
  let off = 0;
  while (off < bytes.length) off += Deno.stderr.writeSync(bytes.subarray(off));
};

/**
 * Prints a failure as one line per problem (no stack trace) and returns its exit code. A closed
 * results pipe prints nothing: the reader left on purpose (`| head`). An interrupted run prints
 * how many results it wrote.
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
export const report = (e: unknown, print: (line: string) => void = stderrLine): number => {
  const tag = (e as { _tag?: string })?._tag;
  if (e instanceof Deno.errors.BrokenPipe) return EXIT_BROKEN_PIPE;
  if (e instanceof Interrupted) {
    print(e.message);
    return e.exitCode;
  }
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
