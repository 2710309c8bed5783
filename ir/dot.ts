/**
 * Graphviz DOT text for a graph: PEs as records with their ports, composites (recovered from code
 * paths) as clusters, groupings on edges, instance counts on nodes.
 *
 * @module
 */
import type { Graph, Node } from "./graph.ts";
import { groupingLabel } from "./grouping.ts";

const q = (s: string) => `"${s.replace(/["\\]/g, "\\$&")}"`;
const rec = (s: string) => s.replace(/[{}|<>"\\ ]/g, (c) => (c === " " ? "\\ " : `\\${c}`));

const label = (node: Node, instances: number | undefined): string => {
  const inputs = node.inputs.map((p) => `<in_${p}>${rec(p)}`).join("|");
  const outputs = node.outputs.map((p) => `<out_${p}>${rec(p)}`).join("|");
  const name = node.code.path[node.code.path.length - 1];
  const title = [
    rec(name),
    node.pe === name ? "" : `\\n(${rec(node.pe)})`,
    instances && instances > 1 ? `\\n×${instances}` : "",
  ]
    .join("");
  const fields = [inputs && `{${inputs}}`, `${title}\\n${node.kind}`, outputs && `{${outputs}}`].filter(
    Boolean,
  );
  // The outer braces turn the record sideways under rankdir=LR: inputs left, outputs right.
  return `{${fields.join("|")}}`;
};

interface Cluster {
  readonly nodes: Array<Node>;
  readonly children: Map<string, Cluster>;
}

/**
 * The DOT text of a graph. `instances` gives per-node counts to draw (default: explicit counts).
 *
 * @example
 * ```ts
 * import { toDot } from "./dot.ts";
 * import { IR_VERSION } from "./graph.ts";
 * toDot({ version: IR_VERSION, name: "empty", module: "m", nodes: [], edges: [] }).startsWith('digraph "empty"'); // => true
 * ```
 */
export const toDot = (
  graph: Graph,
  instances?: ReadonlyMap<string, number>,
  problems: ReadonlyArray<string> = [],
): string => {
  const root: Cluster = { nodes: [], children: new Map() };
  for (const node of graph.nodes) {
    let c = root;
    for (const part of node.code.path.slice(0, -1)) {
      if (!c.children.has(part)) c.children.set(part, { nodes: [], children: new Map() });
      c = c.children.get(part)!;
    }
    c.nodes.push(node);
  }
  const lines = [
    `digraph ${q(graph.name)} {`,
    `  rankdir=LR; fontname="Helvetica";`,
    `  node [shape=Mrecord, fontname="Helvetica", fontsize=11];`,
    `  edge [fontname="Helvetica", fontsize=9];`,
    // A workflow that does not validate is drawn anyway, its problems in red above it (\l: a left-aligned line).
    ...(problems.length === 0 ? [] : [
      `  labelloc=t; labeljust=l; fontcolor=red3;`,
      `  label="Invalid workflow:\\l${problems.map((p) => `${p.replace(/["\\]/g, "\\$&")}\\l`).join("")}";`,
    ]),
  ];
  let n = 0;
  const emit = (c: Cluster, indent: string) => {
    for (const node of c.nodes) {
      lines.push(
        `${indent}${q(node.id)} [label="${label(node, instances?.get(node.id) ?? node.instances)}"];`, // already escaped for DOT
      );
    }
    for (const [name, child] of c.children) {
      lines.push(
        `${indent}subgraph cluster_${n++} {`,
        `${indent}  label=${q(name)}; style=rounded; color=gray50; fontcolor=black; labeljust=c;`,
      );
      emit(child, `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  emit(root, "  ");
  for (const e of graph.edges) {
    const g = groupingLabel(e.grouping);
    lines.push(
      `  ${q(e.from.node)}:${q(`out_${e.from.port}`)} -> ${q(e.to.node)}:${q(`in_${e.to.port}`)}${
        g === "shuffle" ? "" : ` [label=${q(g)}]`
      };`,
    );
  }
  lines.push("}");
  return lines.join("\n") + "\n";
};
