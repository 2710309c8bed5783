/**
 * Internal extinction of galaxies (Figure 2 of the dispel4py paper): `read` reads the positions of
 * galaxies, `getVOTable` asks a Virtual Observatory cone-search service (VizieR's catalogue VII/237,
 * as the original example does) for the galaxy at each position, `filterColumns` takes its
 * morphological type and axis ratio from the VOTable, and `internalExtinction` computes the
 * extinction with the original's formula.
 *
 *     deno run -A examples/astro/internal_extinction.ts --offline              # recorded answers
 *     deno run -A examples/astro/internal_extinction.ts --target workers -n 4  # asks VizieR
 *     deno run -A examples/astro/internal_extinction.ts \
 *       -d '{"read": [{"coordinates": "my.txt", "service": "https://...", "timeout": 10}]}'
 *
 * @module
 */
import * as Effect from "effect/Effect";
import * as Stream from "effect/Stream";
import { fileURLToPath } from "node:url";
import * as W from "../../mod.ts";
import { lines } from "../word_count.ts";
import { withOffline } from "./cli_options.ts";
import { type Cone, fetchVoTable, type Source, VIZIER_VII_237 } from "./cone_search.ts";
import { internalExtinction as extinction, numericalType } from "./extinction.ts";
import { firstRowValue, parseVoTable } from "./votable.ts";

/** The shipped positions (100 galaxies of the Catalogue of Isolated Galaxies, as RA,DEC degrees). */
export const COORDINATES = fileURLToPath(new URL("./data/coordinates_100.txt", import.meta.url));
/** The recorded answers for the shipped positions (see data/votables/README.md). */
export const RECORDED = fileURLToPath(new URL("./data/votables/", import.meta.url));

/**
 * What `read` takes: a coordinates file (one `ra,dec` line per galaxy, in degrees), or that file
 * with options.
 */
export type ReadSpec = string | {
  readonly coordinates: string;
  /** A folder of recorded answers: read them instead of asking a service (offline). */
  readonly recorded?: string;
  /** The cone-search service's base URL (default: VizieR's VII/237). */
  readonly service?: string;
  /** The cone's radius in degrees (default 0.001, the original's). */
  readonly sr?: number;
  /** Seconds one request may take (default 30). */
  readonly timeout?: number;
  /** Requests before giving up on a service (default 3). */
  readonly attempts?: number;
};

/** A galaxy to look up: its line number in the coordinates file (its KIG number), and its cone. */
export interface Query extends Cone {
  readonly kig: number;
  readonly source: Source;
}

/** A service's answer for a galaxy. */
export interface Answer {
  readonly kig: number;
  readonly ra: string;
  readonly dec: string;
  readonly url: string;
  readonly votable: string;
}

/** The columns the extinction needs. */
export interface Columns {
  readonly kig: number;
  readonly ra: number;
  readonly dec: number;
  readonly mtype: string | null;
  readonly logR25: number | null;
}

/**
 * A galaxy's internal extinction `ai` (magnitudes) and the numerical type `t` it came from; `ai`
 * is null when the service knows no galaxy in the cone, or none with an axis ratio (the original
 * logs "failed to calculate internal extinction" and drops the galaxy).
 */
export interface Extinction extends Columns {
  readonly t: number;
  readonly ai: number | null;
}

const sourceOf = (spec: Exclude<ReadSpec, string>): Source =>
  spec.recorded !== undefined ? { _tag: "Recorded", dir: spec.recorded } : {
    _tag: "Service",
    url: spec.service ?? VIZIER_VII_237,
    timeoutMs: (spec.timeout ?? 30) * 1000,
    attempts: spec.attempts ?? 3,
  };

const readSpec = (input: unknown): Exclude<ReadSpec, string> => {
  if (typeof input === "string") return { coordinates: input };
  if (
    typeof input === "object" && input !== null &&
    typeof (input as { coordinates?: unknown }).coordinates === "string"
  ) {
    return input as Exclude<ReadSpec, string>;
  }
  throw new TypeError(
    `read takes a coordinates file or {"coordinates": FILE, ...}, got ${JSON.stringify(input)}`,
  );
};

const degrees = (s: string) => s !== "" && Number.isFinite(Number(s));

/** Reads the coordinates file: one query per `ra,dec` line (blank lines are skipped). */
export const read = W.fn("read", function* readRaDec(input: ReadSpec): Generator<Query> {
  const spec = readSpec(input);
  const source = sourceOf(spec);
  let kig = 0;
  for (const line of lines(spec.coordinates)) {
    kig++;
    if (line.trim() === "") continue;
    const fields = line.trim().split(",").map((s) => s.trim());
    const [ra, dec] = fields;
    if (fields.length !== 2 || !degrees(ra) || !degrees(dec)) {
      throw new SyntaxError(`${spec.coordinates}:${kig}: expected "ra,dec" in degrees, got "${line}"`);
    }
    yield { kig, ra, dec, sr: spec.sr ?? 0.001, source };
  }
});

/** Requests each instance of `getVOTable` keeps in flight: a service's latency, not its work, bounds a query. */
export const CONCURRENT_QUERIES = 8;

/**
 * Asks the service (or the recording) for the VOTable of each galaxy's cone, several at a time (an
 * Effect Stream PE: `mapEffect` with a concurrency keeps the answers in the order of the queries).
 */
export const getVOTable = W.stream("getVOTable", (queries: Stream.Stream<Query>) =>
  queries.pipe(
    Stream.mapEffect((q) =>
      Effect.tryPromise({
        try: () => fetchVoTable(q.source, q),
        catch: (e) => e,
      }).pipe(
        Effect.map(({ url, xml }): Answer => ({ kig: q.kig, ra: q.ra, dec: q.dec, url, votable: xml })),
      ), {
      concurrency: CONCURRENT_QUERIES,
    }),
  ));

/** Takes the morphological type and the axis ratio from the first row of the VOTable. */
export const filterColumns = W.fn("filterColumns", (a: Answer): Columns => {
  let table;
  try {
    table = parseVoTable(a.votable);
  } catch (e) {
    throw new SyntaxError(`VOTable of KIG ${a.kig} from ${a.url}: ${(e as Error).message}`);
  }
  const mtype = firstRowValue(table, "MType");
  const logR25 = firstRowValue(table, "logR25");
  return {
    kig: a.kig,
    ra: Number(a.ra),
    dec: Number(a.dec),
    mtype: typeof mtype === "string" ? mtype : null,
    logR25: typeof logR25 === "number" ? logR25 : null,
  };
});

/** The original's internal extinction of each galaxy. */
export const internalExtinction = W.fn("internalExtinction", (c: Columns): Extinction => {
  const t = numericalType(c.mtype);
  return { ...c, t, ai: c.logR25 === null ? null : extinction(t, c.logR25) };
});

const r = W.pe(read);
const v = W.pe(getVOTable);
const f = W.pe(filterColumns);
const e = W.pe(internalExtinction);

/** The internal extinction workflow, a pipeline as in the paper's Figure 2. */
export const workflow = W.workflow("internal_extinction", [
  W.connect(r.out.output, v.in.input),
  W.connect(v.out.output, f.in.input),
  W.connect(f.out.output, e.in.input),
]);

if (import.meta.main) {
  await W.main(
    import.meta,
    workflow,
    withOffline(Deno.args, { coordinates: COORDINATES, recorded: RECORDED }),
  );
}
