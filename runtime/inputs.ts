/**
 * Inputs for root PEs, in the original's format: `{"<pe>": N}` (N iterations),
 * `{"<pe>": [{"<port>": value}, ...]}`, or the shorthand `{"<pe>": [value, ...]}` for a PE with
 * one input. Roots not named get the default number of iterations.
 *
 * @module
 */
import type { Graph, Node } from "../ir/graph.ts";
import { roots } from "../ir/topology.ts";
import { BadInput } from "./errors.ts";

/** What one root PE is fed: iterations (producers), or data units for its input ports. */
export type RootFeed =
  | { readonly _tag: "Iterations"; readonly count: number }
  | {
    readonly _tag: "Data";
    readonly units: ReadonlyArray<{ readonly port: string; readonly data: unknown }>;
  };

/** The feed of every root, by node id, in declaration order. */
export type RootInputs = ReadonlyMap<string, RootFeed>;

const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u) && Object.getPrototypeOf(u) === Object.prototype;

const findRoot = (rootNodes: ReadonlyArray<Node>, graph: Graph, key: string): Node => {
  const byId = rootNodes.find((n) => n.id === key);
  if (byId) return byId;
  const byPe = rootNodes.filter((n) => n.pe === key);
  // A composite (or chain) used as a root is named by its own name when one member takes the inputs.
  const inside = byPe.length === 0 ? rootNodes.filter((n) => n.id.startsWith(`${key}/`)) : [];
  const candidates = byPe.length > 0 ? byPe : inside;
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    throw new BadInput({
      reason: `"${key}" in the inputs is ambiguous: use one of ${candidates.map((n) => n.id).join(", ")}`,
    });
  }
  if (graph.nodes.some((n) => n.id === key || n.pe === key)) {
    throw new BadInput({ reason: `PE "${key}" in the inputs is not a root: its inputs are connected` });
  }
  throw new BadInput({
    reason: `Unknown PE "${key}" in the inputs (roots: ${rootNodes.map((n) => n.id).join(", ")})`,
  });
};

const feedOf = (node: Node, value: unknown): RootFeed => {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) {
      throw new BadInput({
        reason: `Input count for PE "${node.id}" must be a whole number >= 0, got ${value}`,
      });
    }
    return node.inputs.length === 0 ? { _tag: "Iterations", count: value } : needsData(node);
  }
  if (!Array.isArray(value)) {
    throw new BadInput({
      reason: `Inputs for PE "${node.id}" must be a count or a list, got ${JSON.stringify(value)}`,
    });
  }
  if (node.inputs.length === 0) return { _tag: "Iterations", count: value.length };
  const units = value.flatMap((item) => {
    const keys = isPlainObject(item) ? Object.keys(item) : [];
    if (keys.length > 0 && keys.every((k) => node.inputs.includes(k))) {
      return keys.map((port) => ({ port, data: (item as Record<string, unknown>)[port] }));
    }
    if (node.inputs.length === 1) return [{ port: node.inputs[0], data: item }];
    throw new BadInput({
      reason: `PE "${node.id}" has inputs ${
        node.inputs.join(", ")
      }: give each data unit as {"<port>": value}`,
    });
  });
  return { _tag: "Data", units };
};

const needsData = (node: Node): never => {
  throw new BadInput({
    reason: `PE "${node.id}" takes input data on ${
      node.inputs.join(", ")
    }: pass it with -d '{"${node.id}": [...]}'`,
  });
};

/**
 * Resolves user inputs (parsed JSON) against the graph's roots. Keys are node ids, PE names, or
 * the name of a composite whose inputs reach one root inside it.
 *
 * @example Feed a file name to `read` and iterate a producer 3 times
 * ```ts
 * import * as W from "../dsl/mod.ts";
 * import { rootInputs } from "./inputs.ts";
 * const read = W.pe(W.fn("read", (path: string) => path));
 * const tick = W.pe(W.producer("tick", (i: number) => i));
 * const graph = W.compile(W.workflow("wf", [read, tick]), "mem:wf");
 * const feeds = rootInputs(graph, { read: ["a.txt"] }, 3);
 * feeds.get("read"); // => { _tag: "Data", units: [{ port: "input", data: "a.txt" }] }
 * feeds.get("tick"); // => { _tag: "Iterations", count: 3 }
 * ```
 */
export const rootInputs = (graph: Graph, spec: unknown = {}, iterations = 1): RootInputs => {
  if (!isPlainObject(spec)) {
    throw new BadInput({ reason: "Inputs must be a JSON object mapping PE names to a count or a list" });
  }
  const rootNodes = roots(graph);
  const feeds = new Map<string, RootFeed>();
  for (const [key, value] of Object.entries(spec)) {
    const node = findRoot(rootNodes, graph, key);
    feeds.set(node.id, feedOf(node, value));
  }
  const ordered = new Map<string, RootFeed>();
  for (const node of rootNodes) {
    ordered.set(
      node.id,
      feeds.get(node.id) ??
        (node.inputs.length === 0 ? { _tag: "Iterations", count: iterations } : needsData(node)),
    );
  }
  return ordered;
};
