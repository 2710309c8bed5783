/**
 * The JSON form of the IR, and a decoder that names the first thing wrong in bad input.
 *
 * @module
 */
import * as Data from "effect/Data";
import { type Edge, type Endpoint, type Graph, IR_VERSION, type Node, nodeId, type PeKind } from "./graph.ts";
import type { Grouping, GroupKey } from "./grouping.ts";
import { validate } from "./validate.ts";

/**
 * JSON that is not a graph of this IR version.
 *
 * @example
 * ```ts
 * import { BadGraphJson } from "./json.ts";
 * new BadGraphJson({ reason: "nodes[0].id: expected a string" }).message;
 * // => "Bad workflow JSON: nodes[0].id: expected a string"
 * ```
 */
export class BadGraphJson extends Data.TaggedError("BadGraphJson")<{ readonly reason: string }> {
  override get message(): string {
    return `Bad workflow JSON: ${this.reason}`;
  }
}

/**
 * Serialises a graph to JSON text.
 *
 * @example Round-trip a graph
 * ```ts
 * import { fromJson, toJson } from "./json.ts";
 * import { IR_VERSION } from "./graph.ts";
 * const g = { version: IR_VERSION, name: "wf", module: "file:///wf.ts", nodes: [], edges: [] } as const;
 * fromJson(toJson(g)); // => { version: 1, name: "wf", module: "file:///wf.ts", nodes: [], edges: [] }
 * ```
 */
export const toJson = (graph: Graph): string => JSON.stringify(graph, null, 2);

/**
 * Parses and validates JSON text as a graph. Throws {@link BadGraphJson} for malformed input and
 * `InvalidGraph` for a well-formed graph that cannot run.
 *
 * @example Malformed JSON names where it broke
 * ```ts
 * import { fromJson } from "./json.ts";
 * import assert from "node:assert/strict";
 * assert.throws(() => fromJson('{"version": 1, "name": 3}'), /name: expected a string/);
 * ```
 */
export const fromJson = (text: string): Graph => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BadGraphJson({ reason: (e as Error).message });
  }
  return validate(decodeGraph(raw));
};

const fail = (at: string, what: string): never => {
  throw new BadGraphJson({ reason: `${at}: expected ${what}` });
};
const record = (u: unknown, at: string): Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)
    ? u as Record<string, unknown>
    : fail(at, "an object");
const str = (u: unknown, at: string): string => typeof u === "string" ? u : fail(at, "a string");
const strings = (u: unknown, at: string): Array<string> =>
  Array.isArray(u) ? u.map((x, i) => str(x, `${at}[${i}]`)) : fail(at, "an array of strings");
const list = (u: unknown, at: string): Array<unknown> => Array.isArray(u) ? u : fail(at, "an array");

const kinds: ReadonlyArray<PeKind> = ["generic", "iterative", "producer", "consumer", "function", "stream"];

const decodeNode = (u: unknown, at: string): Node => {
  const o = record(u, at);
  const code = record(o.code, `${at}.code`);
  const kind = str(o.kind, `${at}.kind`) as PeKind;
  if (!kinds.includes(kind)) fail(`${at}.kind`, `one of ${kinds.join(", ")}`);
  const node: Node = {
    id: nodeId(str(o.id, `${at}.id`)),
    pe: str(o.pe, `${at}.pe`),
    kind,
    inputs: strings(o.inputs, `${at}.inputs`),
    outputs: strings(o.outputs, `${at}.outputs`),
    code: {
      module: str(code.module, `${at}.code.module`),
      workflow: str(code.workflow, `${at}.code.workflow`),
      path: strings(code.path, `${at}.code.path`),
    },
  };
  return {
    ...node,
    ...(o.instances === undefined
      ? {}
      : { instances: typeof o.instances === "number" ? o.instances : fail(`${at}.instances`, "a number") }),
    ...(o.partition === undefined ? {} : { partition: str(o.partition, `${at}.partition`) }),
  };
};

const decodeEndpoint = (u: unknown, at: string): Endpoint => {
  const o = record(u, at);
  return { node: nodeId(str(o.node, `${at}.node`)), port: str(o.port, `${at}.port`) };
};

const decodeKey = (u: unknown, at: string): GroupKey => {
  const o = record(u, at);
  if (o._tag === "Function") return { _tag: "Function" };
  if (o._tag !== "Fields") return fail(`${at}._tag`, `"Fields" or "Function"`);
  return {
    _tag: "Fields",
    fields: list(o.fields, `${at}.fields`).map((f, i) =>
      typeof f === "string" || typeof f === "number" ? f : fail(`${at}.fields[${i}]`, "a string or number")
    ),
  };
};

const decodeGrouping = (u: unknown, at: string): Grouping => {
  const o = record(u, at);
  switch (o._tag) {
    case "Shuffle":
    case "OneToAll":
    case "AllToOne":
      return { _tag: o._tag };
    case "GroupBy":
      return { _tag: "GroupBy", key: decodeKey(o.key, `${at}.key`) };
    default:
      return fail(`${at}._tag`, `"Shuffle", "GroupBy", "OneToAll" or "AllToOne"`);
  }
};

const decodeEdge = (u: unknown, at: string): Edge => {
  const o = record(u, at);
  return {
    from: decodeEndpoint(o.from, `${at}.from`),
    to: decodeEndpoint(o.to, `${at}.to`),
    grouping: decodeGrouping(o.grouping, `${at}.grouping`),
  };
};

const decodeGraph = (u: unknown): Graph => {
  const o = record(u, "graph");
  if (o.version !== IR_VERSION) fail("version", `${IR_VERSION} (this library's IR version)`);
  return {
    version: IR_VERSION,
    name: str(o.name, "name"),
    module: str(o.module, "module"),
    nodes: list(o.nodes, "nodes").map((n, i) => decodeNode(n, `nodes[${i}]`)),
    edges: list(o.edges, "edges").map((e, i) => decodeEdge(e, `edges[${i}]`)),
  };
};
