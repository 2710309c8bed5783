/**
 * Queries a Virtual Observatory cone-search service (the IVOA Simple Cone Search protocol: an HTTP
 * GET with `RA`, `DEC` and `SR` in degrees, answered by a VOTable), or reads the answer recorded
 * for the same query.
 *
 * @module
 */
import { join } from "node:path";

/**
 * The service the original example queried: VizieR's catalogue VII/237 (HyperLEDA I, Paturel et
 * al. 2003), here through VizieR's cone-search endpoint at its current address.
 */
export const VIZIER_VII_237 = "https://vizier.cds.unistra.fr/viz-bin/conesearch/VII/237/pgc";

/** Where a query's answer comes from: a service over HTTP, or a folder of recorded answers. */
export type Source =
  | {
    readonly _tag: "Service";
    readonly url: string;
    /** Milliseconds one attempt may take. */
    readonly timeoutMs: number;
    /** Attempts before giving up; a failed attempt is retried after 0.5 s, then 1 s, 2 s, ... */
    readonly attempts: number;
  }
  | { readonly _tag: "Recorded"; readonly dir: string };

/** One cone: a position and a radius, in degrees, as the coordinates file writes them. */
export interface Cone {
  readonly ra: string;
  readonly dec: string;
  readonly sr: number;
}

/** The failure of a query that could not be answered. */
export class ConeSearchFailed extends Error {
  override readonly name = "ConeSearchFailed";
}

/**
 * The URL of a cone query: `base` with `RA`, `DEC` and `SR` appended.
 *
 * @example
 * ```ts
 * import { coneUrl } from "./cone_search.ts";
 * coneUrl("https://example.org/scs?CAT=x", { ra: "0.77345", dec: "-1.9143", sr: 0.001 });
 * // => "https://example.org/scs?CAT=x&RA=0.77345&DEC=-1.9143&SR=0.001"
 * ```
 */
export const coneUrl = (base: string, cone: Cone): string => {
  const joiner = !base.includes("?") ? "?" : /[?&]$/.test(base) ? "" : "&";
  return `${base}${joiner}RA=${encodeURIComponent(cone.ra)}&DEC=${
    encodeURIComponent(cone.dec)
  }&SR=${cone.sr}`;
};

/** The file in a recorded folder that holds the answer for a cone. */
export const recordedFile = (cone: Cone): string => `${cone.ra}_${cone.dec}.xml`;

/** A failure worth another attempt. */
class Retry extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers worth another attempt: the service is busy or failing, not refusing the query. */
const transient = (status: number) => status === 429 || status >= 500;

/** Deno's fetch says "fetch failed" and keeps why (refused, no such host) in its cause. */
const failure = (e: Error): string =>
  e.cause instanceof Error
    ? e.cause.message.replace(/^error sending request for url \([^)]*\): /, "")
    : e.message;

const attempt = async (url: string, timeoutMs: number): Promise<string> => {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const reason = e instanceof DOMException && e.name === "TimeoutError"
      ? `no answer within ${timeoutMs / 1000} s`
      : e instanceof Error
      ? failure(e)
      : String(e);
    throw new Retry(reason);
  }
  const body = await response.text();
  if (response.ok) return body;
  const reason = `HTTP ${response.status} ${response.statusText}`.trim();
  throw transient(response.status) ? new Retry(reason) : new ConeSearchFailed(`${url} answered ${reason}`);
};

/**
 * Gets the VOTable for a cone from its source. A service is asked up to `attempts` times, each
 * within `timeoutMs`, waiting 0.5 s, 1 s, 2 s, ... between attempts; what still fails throws a
 * {@link ConeSearchFailed} naming the URL.
 */
export const fetchVoTable = async (source: Source, cone: Cone): Promise<{ url: string; xml: string }> => {
  if (source._tag === "Recorded") {
    const path = join(source.dir, recordedFile(cone));
    try {
      return { url: path, xml: await Deno.readTextFile(path) };
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      throw new ConeSearchFailed(
        `No recorded answer for RA=${cone.ra} DEC=${cone.dec}: ${path} does not exist (run online, or record it)`,
      );
    }
  }
  const url = coneUrl(source.url, cone);
  let reason = "";
  for (let k = 0; k < source.attempts; k++) {
    if (k > 0) await sleep(500 * 2 ** (k - 1));
    try {
      return { url, xml: await attempt(url, source.timeoutMs) };
    } catch (e) {
      if (!(e instanceof Retry)) throw e;
      reason = e.message;
    }
  }
  throw new ConeSearchFailed(
    `Cannot reach the cone-search service at ${url}: ${reason} (${source.attempts} attempts)`,
  );
};
