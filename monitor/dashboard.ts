/**
 * The monitoring dashboard: a read-only web service on 127.0.0.1 over a monitoring store. It
 * serves one page shell, its script and stylesheet, ECharts from the installed npm package
 * (nothing comes from the internet), JSON for the runs list and each run (profile and
 * diagnosis), and the workflow picture coloured by busy time. Every user string (PE names,
 * errors) reaches the page as JSON and is put in as text; the content security policy allows
 * scripts from the dashboard only.
 *
 * @module
 */
import { createRequire } from "node:module";
import { toDot } from "../ir/dot.ts";
import type { Graph } from "../ir/graph.ts";
import { fromJson } from "../ir/json.ts";
import { diagnose } from "./diagnose.ts";
import { profile } from "./profile.ts";
import { type RunRow, Store } from "./store.ts";

/** Options of {@link dashboardHandler}. */
export interface DashboardOptions {
  /** The monitoring store (it need not exist yet: the runs list is then empty). */
  readonly db: string;
  /** Renders DOT to SVG: the renderer `deno task dot` uses. */
  readonly renderSvg: (dot: string) => Promise<string>;
}

const q = (s: string) => `"${s.replace(/["\\]/g, "\\$&")}"`;

/**
 * A colour from pale yellow (idle) to red (busy all the time), as `#rrggbb`.
 *
 * @example
 * ```ts
 * import { busyColour } from "./dashboard.ts";
 * [busyColour(0), busyColour(1)]; // => ["#fcf7e8", "#d03f3f"]
 * ```
 */
export const busyColour = (busy: number): string => {
  const b = Math.min(1, Math.max(0, busy));
  const h = 45 * (1 - b);
  const s = 0.6 + 0.02 * b;
  const l = 0.95 - 0.4 * b;
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(255 * c).toString(16).padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
};

/**
 * The DOT text of a run's graph (as `deno task dot` draws it, with the run's instance counts),
 * each PE filled by its busy share and labelled with it.
 *
 * @example
 * ```ts
 * import { colouredDot } from "./dashboard.ts";
 * import { IR_VERSION } from "../ir/graph.ts";
 * const g = { version: IR_VERSION, name: "w", module: "m", nodes: [], edges: [] };
 * colouredDot(g, {}, new Map()).endsWith("}"); // => true
 * ```
 */
export const colouredDot = (
  graph: Graph,
  counts: Readonly<Record<string, number>>,
  busy: ReadonlyMap<string, number>,
): string => {
  const dot = toDot(graph, new Map(Object.entries(counts))).trimEnd();
  const styles = graph.nodes.map((n) => {
    const b = busy.get(n.id);
    if (b === undefined) return "";
    const label = `busy ${Math.round(100 * b)}%`;
    return `  ${q(n.id)} [style="rounded,filled", fillcolor="${busyColour(b)}", xlabel=${q(label)}, tooltip=${
      q(`${n.id}: ${label}`)
    }];\n`;
  }).join("");
  return `${dot.slice(0, -1)}  forcelabels=true;\n${styles}}`;
};

const HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

const respond = (body: BodyInit | null, type: string, status = 200): Response =>
  new Response(body, { status, headers: { ...HEADERS, "content-type": type } });

const json = (value: unknown, status = 200) => respond(JSON.stringify(value), "application/json", status);

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dispel4ts monitor</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/echarts.min.js"></script>
<script src="/assets/app.js" defer></script>
</head>
<body>
<header><a href="/">dispel4ts monitor</a></header>
<main id="main"><p>Loading…</p></main>
</body>
</html>
`;

/** Where the installed ECharts bundle is (installing the npm package on first use). */
const echartsFile = async (): Promise<string> => {
  const require = createRequire(import.meta.url);
  const file = "echarts/dist/echarts.min.js";
  try {
    return require.resolve(file);
  } catch {
    await import("echarts");
    return require.resolve(file);
  }
};

/** A run without its graph text, for the runs list. */
const summary = ({ graph: _graph, ...run }: RunRow) => run;

/** The run page's data: the run, its profile and diagnosis. */
const runData = (run: RunRow, store: Store) => {
  const graph = fromJson(run.graph);
  const prof = profile(store.reports(run.id), graph.nodes.map((n) => n.id));
  return {
    run: summary(run),
    profile: prof,
    diagnosis: diagnose(graph, prof, run.counts, run.processes),
  };
};

/**
 * The dashboard's request handler: GET (and HEAD) only.
 *
 * @example The runs list of a store that does not exist yet
 * ```ts
 * import { dashboardHandler } from "./dashboard.ts";
 * const handle = dashboardHandler({ db: "/nonexistent/m.db", renderSvg: () => Promise.resolve("") });
 * await (await handle(new Request("http://127.0.0.1/api/runs"))).json(); // => []
 * (await handle(new Request("http://127.0.0.1/api/runs", { method: "POST" }))).status; // => 405
 * ```
 */
export const dashboardHandler = (options: DashboardOptions): (request: Request) => Promise<Response> => {
  const assets = new URL("./assets/", import.meta.url);
  let store: Store | undefined;
  const open = (): Store | undefined => {
    if (store !== undefined) return store;
    try {
      Deno.statSync(options.db);
    } catch {
      return undefined;
    }
    return store = Store.open(options.db, { readOnly: true });
  };
  let echarts: Promise<string> | undefined;
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return respond("read-only\n", "text/plain", 405);
    }
    const path = new URL(request.url).pathname;
    if (path === "/" || /^\/run\/\d+$/.test(path)) return respond(PAGE, "text/html; charset=utf-8");
    if (path === "/assets/app.js") {
      return respond(await Deno.readFile(new URL("app.js", assets)), "text/javascript; charset=utf-8");
    }
    if (path === "/assets/style.css") {
      return respond(await Deno.readFile(new URL("style.css", assets)), "text/css; charset=utf-8");
    }
    if (path === "/assets/echarts.min.js") {
      echarts ??= echartsFile();
      return respond(await Deno.readFile(await echarts), "text/javascript; charset=utf-8");
    }
    if (path === "/api/runs") return json(open()?.runs().map(summary) ?? []);
    const m = /^\/api\/runs\/(\d+)(\/graph\.svg)?$/.exec(path);
    const run = m === null ? undefined : open()?.run(Number(m[1]));
    if (m === null || run === undefined) return json({ error: "not found" }, 404);
    if (m[2] === undefined) return json(runData(run, store!));
    const busy = new Map(profile(store!.reports(run.id)).pes.map((p) => [p.pe, p.busy]));
    const svg = await options.renderSvg(colouredDot(fromJson(run.graph), run.counts, busy));
    return respond(svg, "image/svg+xml");
  };
};

/** Serves the dashboard on 127.0.0.1 until the signal aborts. */
export const serveDashboard = (
  options: DashboardOptions & {
    readonly port: number;
    readonly signal?: AbortSignal;
    readonly onListen?: (address: Deno.NetAddr) => void;
  },
): Deno.HttpServer<Deno.NetAddr> =>
  Deno.serve({
    hostname: "127.0.0.1",
    port: options.port,
    signal: options.signal,
    onListen: options.onListen ?? (() => {}),
  }, dashboardHandler(options));
