/**
 * Reads the first table of a VOTable (the IVOA's XML format for tables, which cone-search services
 * answer in) with fast-xml-parser: its fields and its rows, each cell typed by its field's
 * `datatype`. Only the TABLEDATA serialisation is read, the one VizieR and most cone-search
 * services write by default.
 *
 * @module
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** A column of a VOTable. */
export interface Field {
  readonly name: string;
  readonly datatype: string;
  readonly unit?: string;
}

/** A cell: a number for numeric fields, a string, a boolean, or null when blank. */
export type Cell = number | string | boolean | null;

/** The first table of a VOTable. */
export interface Table {
  readonly fields: ReadonlyArray<Field>;
  readonly rows: ReadonlyArray<ReadonlyArray<Cell>>;
}

// Elements that may repeat: fast-xml-parser makes them arrays even when there is only one.
const REPEATED = new Set(["RESOURCE", "TABLE", "FIELD", "TR", "TD", "INFO", "PARAM", "GROUP"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED.has(name),
});

type Element = Record<string, unknown>;

const elements = (parent: Element, name: string): ReadonlyArray<Element> =>
  (parent[name] as ReadonlyArray<Element> | undefined) ?? [];

const text = (node: unknown): string =>
  typeof node === "string"
    ? node
    : typeof node === "object" && node !== null
    ? String((node as Element)["#text"] ?? "")
    : "";

const NUMERIC = new Set(["short", "int", "long", "float", "double", "unsignedByte"]);

const cell = (raw: string, field: Field): Cell => {
  const value = raw.trim();
  if (value === "") return null;
  if (NUMERIC.has(field.datatype)) {
    const n = Number(value);
    if (Number.isNaN(n) && value !== "NaN") {
      throw new SyntaxError(`field "${field.name}" (${field.datatype}) holds "${value}", not a number`);
    }
    return n;
  }
  if (field.datatype === "boolean") return /^(t|true|1)$/i.test(value);
  return value;
};

const firstTable = (resources: ReadonlyArray<Element>): Element | undefined => {
  for (const resource of resources) {
    const table = elements(resource, "TABLE")[0] ?? firstTable(elements(resource, "RESOURCE"));
    if (table !== undefined) return table;
  }
  return undefined;
};

/** The error a service reports in its `QUERY_STATUS`, if it reports one. */
const queryError = (votable: Element): string | undefined => {
  const infos = [
    ...elements(votable, "INFO"),
    ...elements(votable, "RESOURCE").flatMap((r) => elements(r, "INFO")),
  ];
  const status = infos.find((i) => i["@name"] === "QUERY_STATUS");
  return status !== undefined && status["@value"] === "ERROR"
    ? text(status).trim() || "no reason given"
    : undefined;
};

/** fast-xml-parser reports elements left open as `Invalid '["A","B"]' found.`: name them. */
const unclosed = (msg: string): string | undefined => {
  const list = /^Invalid '(\[.*\])' found\.$/s.exec(msg)?.[1];
  try {
    return list === undefined ? undefined : `unclosed <${(JSON.parse(list) as Array<string>).join(">, <")}>`;
  } catch {
    return undefined;
  }
};

/**
 * Parses a VOTable's first table. Throws a `SyntaxError` saying what is wrong (the line and
 * column of malformed XML, a document that is not a VOTable, a service's QUERY_STATUS error, a
 * BINARY or FITS serialisation, a cell that does not fit its field).
 *
 * @example
 * ```ts
 * import { parseVoTable } from "./votable.ts";
 * const t = parseVoTable(`<VOTABLE><RESOURCE><TABLE>
 *   <FIELD name="MType" datatype="char" arraysize="5"/><FIELD name="logR25" datatype="float"/>
 *   <DATA><TABLEDATA><TR><TD>Sb</TD><TD>0.42</TD></TR></TABLEDATA></DATA>
 * </TABLE></RESOURCE></VOTABLE>`);
 * t.rows; // => [["Sb", 0.42]]
 * ```
 */
export const parseVoTable = (xml: string): Table => {
  if (xml.trim() === "") throw new SyntaxError("empty answer: no XML at all");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    const at = col === undefined ? `line ${line}` : `line ${line}, column ${col}`;
    throw new SyntaxError(`not well-formed XML at ${at}: ${unclosed(msg) ?? msg}`);
  }
  const doc = parser.parse(xml) as Element;
  const votable = doc["VOTABLE"] as Element | undefined;
  if (votable === undefined || typeof votable !== "object") {
    const root = Object.keys(doc).find((k) => !k.startsWith("?")) ?? "nothing";
    throw new SyntaxError(`not a VOTable: the document's root is <${root}>`);
  }
  const error = queryError(votable);
  if (error !== undefined) throw new SyntaxError(`the service answered QUERY_STATUS=ERROR: ${error}`);
  const table = firstTable(elements(votable, "RESOURCE"));
  if (table === undefined) return { fields: [], rows: [] };
  const fields: Array<Field> = elements(table, "FIELD").map((f) => ({
    name: String(f["@name"]),
    datatype: String(f["@datatype"] ?? "char"),
    ...(f["@unit"] === undefined ? {} : { unit: String(f["@unit"]) }),
  }));
  const data = table["DATA"] as Element | undefined | "";
  if (data === undefined || data === "") return { fields, rows: [] };
  const serialisation = Object.keys(data).find((k) => !k.startsWith("@"));
  if (serialisation !== undefined && serialisation !== "TABLEDATA") {
    throw new SyntaxError(`the table is serialised as ${serialisation}; only TABLEDATA is read`);
  }
  const rows = elements(data["TABLEDATA"] as Element ?? {}, "TR").map((tr, r) => {
    const cells = elements(tr, "TD") as ReadonlyArray<unknown>;
    if (cells.length !== fields.length) {
      throw new SyntaxError(`row ${r + 1} has ${cells.length} cells for ${fields.length} fields`);
    }
    return cells.map((td, c) => cell(text(td), fields[c]));
  });
  return { fields, rows };
};

/**
 * The value of column `name` in the first row, or null when the table has no rows or no such
 * column (the original example takes the first row too: a cone of 0.001° holds one galaxy).
 */
export const firstRowValue = (table: Table, name: string): Cell => {
  const column = table.fields.findIndex((f) => f.name === name);
  return column < 0 || table.rows.length === 0 ? null : table.rows[0][column];
};
