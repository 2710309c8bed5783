/**
 * `deno task dot WF.ts [-o FILE.svg] [--format dot|svg] [-n N] [-a NAME]`: draw a workflow.
 *
 * SVG comes from `@viz-js/viz`, a WebAssembly build of current Graphviz (see the README for why).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { draft } from "../dsl/compile.ts";
import { toDot } from "../ir/dot.ts";
import { InvalidGraph } from "../ir/validate.ts";
import { instanceCounts } from "../runtime/assign.ts";
import { BadInput } from "../runtime/errors.ts";
import { parseProcesses } from "./args.ts";
import { report } from "./report.ts";
import { loadWorkflowModule } from "./run_module.ts";

const HELP = `Draw a workflow.

Usage: deno task dot WF.ts [-o FILE] [--format dot|svg] [-n N] [-a NAME]
  -o, --out FILE     write to FILE (format from its extension: .svg, or .dot/.gv)
      --format F     dot (default on stdout) or svg
  -n, --num N        draw the instance counts N processes would give
  -a, --attr NAME    the exported workflow to draw, when the module has several`;

/**
 * Renders DOT text to SVG with Graphviz (WebAssembly).
 *
 * @example
 * ```ts
 * import { renderSvg } from "./dot.ts";
 * (await renderSvg("digraph { a -> b }")).includes("<svg"); // => true
 * ```
 */
export const renderSvg = async (dot: string): Promise<string> => {
  const { instance } = await import("@viz-js/viz");
  const viz = await instance();
  const result = viz.render(dot, { format: "svg", engine: "dot" });
  if (result.status !== "success") {
    throw new Error(`Graphviz failed: ${result.errors.map((e) => e.message).join("; ")}`);
  }
  return result.output;
};

/** The output format: from --format, else from the extension of -o, else DOT; refuses a mismatch. */
const formatOf = (out: string | undefined, format: string | undefined): "dot" | "svg" => {
  if (format !== undefined && format !== "dot" && format !== "svg") {
    throw new BadInput({ reason: `Unknown format "${format}": use dot or svg` });
  }
  if (out === undefined) return format ?? "dot";
  const ext = /\.(svg|dot|gv)$/i.exec(out)?.[1].toLowerCase();
  const implied = ext === undefined ? undefined : ext === "svg" ? "svg" : "dot";
  if (implied === undefined && format === undefined) {
    throw new BadInput({
      reason: `Cannot tell the format of "${out}": name it .svg or .dot, or pass --format`,
    });
  }
  if (implied !== undefined && format !== undefined && implied !== format) {
    throw new BadInput({ reason: `--format ${format} does not match the extension of "${out}"` });
  }
  return (format ?? implied)!;
};

/** Runs the dot command and returns the exit code. */
export const drawCommand = async (argv: ReadonlyArray<string>): Promise<number> => {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: {
          out: { type: "string", short: "o" },
          format: { type: "string" },
          num: { type: "string", short: "n" },
          attr: { type: "string", short: "a" },
          help: { type: "boolean", short: "h", default: false },
        },
      });
    } catch (e) {
      throw new BadInput({ reason: `${(e as Error).message.split("\n")[0]} (see --help)` });
    }
    const { values, positionals } = parsed;
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    if (positionals[0] === undefined) {
      throw new BadInput({ reason: "Missing workflow module: deno task dot WF.ts" });
    }
    const format = formatOf(values.out, values.format);
    const processes = parseProcesses(values.num);
    const { url, workflow } = await loadWorkflowModule(positionals[0], values.attr);
    const { graph, problems } = draft(workflow, url);
    const dot = toDot(
      graph,
      processes === undefined ? undefined : instanceCounts(graph, processes),
      problems,
    );
    const text = format === "svg" ? await renderSvg(dot) : dot;
    if (values.out === undefined) console.log(text);
    else {
      await Deno.writeTextFile(values.out, text);
      console.error(`wrote ${values.out}`);
    }
    // Drawn, so that the problem can be seen; still refused, as running it would be.
    if (problems.length > 0) throw new InvalidGraph({ graph: graph.name, problems });
    return 0;
  } catch (e) {
    return report(e);
  }
};

if (import.meta.main) Deno.exit(await drawCommand(Deno.args));
