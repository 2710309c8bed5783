/**
 * Compiling a workflow to the graph IR: composites are flattened, groupings move onto edges, PEs
 * become code references, and the result is validated.
 *
 * @module
 */
import { type Edge, type Endpoint, type Graph, IR_VERSION, type Node, nodeId } from "../ir/graph.ts";
import { InvalidGraph, problems, validate } from "../ir/validate.ts";
import type { AnyNode, Connection } from "./node.ts";
import type { Workflow } from "./workflow.ts";

interface Scope {
  readonly ids: string;
  readonly path: ReadonlyArray<string>;
}

const inner = (scope: Scope, node: AnyNode): Scope => ({
  ids: `${scope.ids}${node.name}/`,
  path: [...scope.path, node.name],
});

/**
 * A composite port named without type checking that the composite does not have, worded as
 * `validate` words it for other PEs.
 */
const noPort = (node: AnyNode, id: string, direction: "input" | "output", port: string): string => {
  const ports = direction === "input" ? node.def.inputs : node.def.outputs;
  return `PE "${id}" has no ${direction} port "${port}" (its ${direction}s: ${ports.join(", ") || "none"})`;
};

const resolveOut = (
  node: AnyNode,
  port: string,
  scope: Scope,
  extra: Array<string>,
): Endpoint | undefined => {
  const body = node.def.body;
  if (body._tag === "Atomic") return { node: nodeId(scope.ids + node.name), port };
  const h = body.outputs[port];
  if (h === undefined) {
    extra.push(noPort(node, scope.ids + node.name, "output", port));
    return undefined;
  }
  return resolveOut(h.node, h.port, inner(scope, node), extra);
};

const resolveIn = (
  node: AnyNode,
  port: string,
  scope: Scope,
  extra: Array<string>,
): Array<Endpoint & { target: AnyNode }> => {
  const body = node.def.body;
  if (body._tag === "Atomic") return [{ node: nodeId(scope.ids + node.name), port, target: node }];
  const handles = body.inputs[port];
  if (handles === undefined) {
    extra.push(noPort(node, scope.ids + node.name, "input", port));
    return [];
  }
  return handles.flatMap((h) => resolveIn(h.node, h.port, inner(scope, node), extra));
};

/**
 * Compiles a workflow to a validated graph. An instance count or partition set on a composite
 * applies to its members that set none themselves. `module` is the URL of the module that exports the
 * workflow: targets import it to rebuild PEs. Throws `InvalidGraph` listing every problem.
 *
 * @example Compile a two-PE workflow
 * ```ts
 * import * as W from "./mod.ts";
 * const p = W.pe(W.producer("p", (i: number) => i));
 * const f = W.pe(W.fn("f", (x: number) => x + 1));
 * const graph = W.compile(W.workflow("wf", [W.connect(p.out.output, f.in.input)]), "file:///wf.ts");
 * graph.nodes.map((n) => `${n.id}:${n.kind}`); // => ["p:producer", "f:function"]
 * graph.edges[0].grouping; // => { _tag: "Shuffle" }
 * ```
 */
export const compile = (wf: Workflow, module: string): Graph => {
  const { graph, extra } = build(wf, module);
  if (extra.length > 0) throw new InvalidGraph({ graph: wf.name, problems: extra });
  return validate(graph);
};

/**
 * Compiles a workflow without refusing it: the graph as written, and every problem that would
 * make {@link compile} throw. For drawing a workflow that does not validate yet.
 *
 * @example A cycle, drawn rather than refused
 * ```ts
 * import * as W from "./mod.ts";
 * const a = W.pe(W.fn("a", (x: number) => x));
 * const b = W.pe(W.fn("b", (x: number) => x));
 * const wf = W.workflow("loop", [W.connect(a.out.output, b.in.input), W.connect(b.out.output, a.in.input)]);
 * const { graph, problems } = W.draft(wf, "file:///loop.ts");
 * [graph.edges.length, problems]; // => [2, ["The workflow has a cycle: a -> b -> a"]]
 * ```
 */
export const draft = (wf: Workflow, module: string): { graph: Graph; problems: Array<string> } => {
  const { graph, extra } = build(wf, module);
  return { graph, problems: [...extra, ...problems(graph)] };
};

const build = (wf: Workflow, module: string): { graph: Graph; extra: Array<string> } => {
  const partitionOf = new Map<AnyNode, string>();
  const extra: Array<string> = [];
  wf.partitions.forEach((members, i) => {
    for (const m of members) {
      if (partitionOf.has(m)) extra.push(`PE "${m.name}" is in more than one partition`);
      else if (!wf.nodes.includes(m)) {
        extra.push(`Partition ${i} names PE "${m.name}", which is not in the workflow`);
      }
      partitionOf.set(m, `p${i}`);
    }
  });
  const nodes: Array<Node> = [];
  const edges: Array<Edge> = [];
  const visit = (
    members: ReadonlyArray<AnyNode>,
    connections: ReadonlyArray<Connection>,
    scope: Scope,
    outer: { partition?: string; instances?: number },
  ) => {
    for (const node of members) {
      const body = node.def.body;
      const part = outer.partition ?? partitionOf.get(node);
      const instances = node.def.instances ?? outer.instances;
      if (body._tag === "Composite") {
        visit(body.nodes, body.connections, inner(scope, node), { partition: part, instances });
        continue;
      }
      nodes.push({
        id: nodeId(scope.ids + node.name),
        pe: node.def.name,
        kind: body.kind,
        inputs: node.def.inputs,
        outputs: node.def.outputs,
        ...(instances === undefined ? {} : { instances }),
        ...(part === undefined ? {} : { partition: part }),
        code: { module, workflow: wf.name, path: [...scope.path, node.name] },
      });
    }
    for (const c of connections) {
      // A port named without type checking may not exist: a problem, listed with the others.
      const from = resolveOut(c.from.node, c.from.port, scope, extra);
      for (const { target, ...to } of resolveIn(c.to.node, c.to.port, scope, extra)) {
        if (from !== undefined) {
          edges.push({ from, to, grouping: target.def.groupings[to.port]?.grouping ?? { _tag: "Shuffle" } });
        }
      }
    }
  };
  visit(wf.nodes, wf.connections, { ids: "", path: [] }, {});
  return { graph: { version: IR_VERSION, name: wf.name, module, nodes, edges }, extra };
};
