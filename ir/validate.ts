/**
 * Graph validation: every problem found, one clear sentence each, before anything runs.
 *
 * @module
 */
import * as Data from "effect/Data";
import type { Graph, Node } from "./graph.ts";

/**
 * A graph that cannot run, with one message per problem.
 *
 * @example Read the problems of an invalid graph
 * ```ts
 * import { InvalidGraph } from "./validate.ts";
 * const e = new InvalidGraph({ graph: "wf", problems: ["Duplicate PE name \"a\""] });
 * e.message; // => 'Invalid workflow "wf": Duplicate PE name "a"'
 * ```
 */
export class InvalidGraph extends Data.TaggedError("InvalidGraph")<{
  readonly graph: string;
  readonly problems: ReadonlyArray<string>;
}> {
  override get message(): string {
    return `Invalid workflow "${this.graph}": ${this.problems.join("; ")}`;
  }
}

const portList = (ports: ReadonlyArray<string>) => ports.length === 0 ? "none" : ports.join(", ");

/**
 * Lists what is wrong with a graph: unknown PEs or ports, duplicate names, partly connected
 * inputs, groupBy without key, bad instance counts, duplicate connections and cycles.
 *
 * @example A connection to a port that does not exist
 * ```ts
 * import { problems } from "./validate.ts";
 * import { IR_VERSION, nodeId } from "./graph.ts";
 * const code = { module: "file:///wf.ts", workflow: "wf", path: [] };
 * problems({
 *   version: IR_VERSION, name: "wf", module: "file:///wf.ts",
 *   nodes: [
 *     { id: nodeId("p"), pe: "p", kind: "producer", inputs: [], outputs: ["output"], code },
 *     { id: nodeId("c"), pe: "c", kind: "consumer", inputs: ["input"], outputs: [], code },
 *   ],
 *   edges: [{ from: { node: nodeId("p"), port: "out" }, to: { node: nodeId("c"), port: "input" }, grouping: { _tag: "Shuffle" } }],
 * }); // => ['PE "p" has no output port "out" (its outputs: output)']
 * ```
 */
export const problems = (graph: Graph): Array<string> => {
  const out: Array<string> = [];
  const byId = new Map<string, Node>();
  for (const node of graph.nodes) {
    if (byId.has(node.id)) out.push(`Duplicate PE name "${node.id}": give each node its own name`);
    byId.set(node.id, node);
    if (node.instances !== undefined && !(Number.isInteger(node.instances) && node.instances >= 1)) {
      out.push(`PE "${node.id}" has an invalid instance count ${node.instances}: use a whole number >= 1`);
    }
  }
  const connected = new Set<string>();
  const seen = new Set<string>();
  let edgesOk = true;
  for (const edge of graph.edges) {
    const from = byId.get(edge.from.node);
    const to = byId.get(edge.to.node);
    if (from === undefined) out.push(`A connection starts at unknown PE "${edge.from.node}"`);
    else if (!from.outputs.includes(edge.from.port)) {
      out.push(
        `PE "${from.id}" has no output port "${edge.from.port}" (its outputs: ${portList(from.outputs)})`,
      );
    }
    if (to === undefined) out.push(`A connection ends at unknown PE "${edge.to.node}"`);
    else if (!to.inputs.includes(edge.to.port)) {
      out.push(`PE "${to.id}" has no input port "${edge.to.port}" (its inputs: ${portList(to.inputs)})`);
    }
    if (from === undefined || to === undefined) edgesOk = false;
    const g = edge.grouping;
    if (g._tag === "GroupBy" && g.key._tag === "Fields" && g.key.fields.length === 0) {
      out.push(
        `groupBy on input "${edge.to.port}" of "${edge.to.node}" has no key: give fields or a key function`,
      );
    }
    const name = `${edge.from.node}.${edge.from.port} -> ${edge.to.node}.${edge.to.port}`;
    if (seen.has(name)) out.push(`Duplicate connection ${name}`);
    seen.add(name);
    connected.add(`${edge.to.node}\0${edge.to.port}`);
  }
  for (const node of graph.nodes) {
    const open = node.inputs.filter((p) => !connected.has(`${node.id}\0${p}`));
    if (open.length > 0 && open.length < node.inputs.length) {
      for (const p of open) out.push(`Input "${p}" of PE "${node.id}" is not connected`);
    }
  }
  if (edgesOk) {
    const cycle = findCycle(graph);
    if (cycle !== undefined) out.push(`The workflow has a cycle: ${cycle.join(" -> ")}`);
  }
  return out;
};

/** Returns one cycle as a list of node ids (first repeated at the end), or undefined. */
const findCycle = (graph: Graph): Array<string> | undefined => {
  const next = new Map<string, Array<string>>();
  for (const e of graph.edges) {
    const list = next.get(e.from.node) ?? [];
    list.push(e.to.node);
    next.set(e.from.node, list);
  }
  const state = new Map<string, 1 | 2>();
  const stack: Array<string> = [];
  const visit = (id: string): Array<string> | undefined => {
    state.set(id, 1);
    stack.push(id);
    for (const to of next.get(id) ?? []) {
      const s = state.get(to);
      if (s === 1) return [...stack.slice(stack.indexOf(to)), to];
      if (s === undefined) {
        const found = visit(to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const node of graph.nodes) {
    if (!state.has(node.id)) {
      const found = visit(node.id);
      if (found) return found;
    }
  }
  return undefined;
};

/**
 * Returns the graph when it is valid, or throws {@link InvalidGraph} listing every problem.
 *
 * @example Validate before running
 * ```ts
 * import { validate } from "./validate.ts";
 * import { IR_VERSION } from "./graph.ts";
 * validate({ version: IR_VERSION, name: "empty", module: "file:///wf.ts", nodes: [], edges: [] }).name; // => "empty"
 * ```
 */
export const validate = <G extends Graph>(graph: G): G => {
  const found = problems(graph);
  if (found.length > 0) throw new InvalidGraph({ graph: graph.name, problems: found });
  return graph;
};
