// The dashboard's page script: the runs list at "/", a run at "/run/ID". Every string from the
// store goes into the page as text (textContent), never as markup; charts are ECharts (SVG
// renderer), their tooltips in rich text, not HTML.
/* global echarts */
"use strict";

const main = document.getElementById("main");

/** An element with attributes and children (strings become text nodes). */
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
};

const getJson = async (url) => {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  return r.json();
};

const ms = (x) =>
  x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`;
const pct = (x) => `${Math.round(100 * x)}%`;
const num = (x) => Math.round(x).toLocaleString("en-US");
const when = (t) => new Date(t).toLocaleString();
const duration = (run) => (run.ended ?? Date.now()) - run.started;

const table = (headers, rows, attrs = {}) =>
  el(
    "table",
    attrs,
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c) => el("td", {}, c))))),
  );

const statusBadge = (status) => el("span", { class: `status ${status}` }, status);

// ---- runs list ------------------------------------------------------------------------------

const runsPage = async () => {
  document.title = "dispel4ts monitor: runs";
  const render = async () => {
    const runs = await getJson("/api/runs");
    const body = runs.length === 0
      ? el("p", { id: "no-runs" }, "No runs yet: run a workflow with --monitor.")
      : table(
        ["run", "workflow", "target", "processes", "start", "duration", "status"],
        runs.map((r) => [
          el("a", { href: `/run/${r.id}` }, `#${r.id}`),
          el("a", { href: `/run/${r.id}` }, r.workflow),
          r.target,
          r.processes ?? "",
          when(r.started),
          ms(duration(r)),
          statusBadge(r.status),
        ]),
        { id: "runs" },
      );
    main.replaceChildren(
      el("h1", {}, "Runs"),
      el("p", { class: "hint" }, "Newest first; updates live."),
      body,
    );
  };
  await render();
  setInterval(() => render().catch(() => {}), 1000);
};

// ---- run page -------------------------------------------------------------------------------

const charts = new Map();

const chart = (id, option) => {
  let c = charts.get(id);
  const box = document.getElementById(id);
  if (c === undefined || c.getDom() !== box) {
    c = echarts.init(box, null, { renderer: "svg" });
    charts.set(id, c);
  }
  c.setOption({ animation: false, tooltip: { renderMode: "richText" }, ...option }, true);
};

const bucketLabel = (b) => {
  if (b === 0) return "<1µs";
  const lo = 2 ** (b - 1);
  const unit = (us) => us >= 1000 ? `${us / 1000}ms` : `${us}µs`;
  return `${unit(lo)}–${unit(2 * lo)}`;
};

const drawCharts = (data) => {
  const p = data.profile;
  const names = p.pes.map((x) => x.pe);
  chart("chart-time", {
    title: { text: "Time per PE (ms, all instances)", textStyle: { fontSize: 13 } },
    legend: { top: 22 },
    grid: { left: 200, top: 60, right: 30, bottom: 30 },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: names, inverse: true },
    tooltip: { trigger: "axis", renderMode: "richText" },
    series: [
      ["process", (x) => x.processMs],
      ["write", (x) => x.writeMs],
      ["blocked on writes", (x) => x.blockedMs],
      ["waiting for input", (x) => x.waitMs],
    ].map(([name, f]) => ({
      name,
      type: "bar",
      stack: "t",
      data: p.pes.map((x) => Math.round(f(x) * 10) / 10),
    })),
  });
  const last = Math.max(1, ...p.pes.map((x) => x.hist.reduceRight((a, n, i) => a || (n > 0 ? i + 1 : 0), 0)));
  const first = Math.min(last - 1, ...p.pes.map((x) => Math.max(0, x.hist.findIndex((n) => n > 0))));
  chart("chart-hist", {
    title: { text: "Time per call (share of traced calls)", textStyle: { fontSize: 13 } },
    legend: { top: 22 },
    grid: { left: 60, top: 60, right: 30, bottom: 40 },
    xAxis: { type: "category", data: Array.from({ length: last - first }, (_, i) => bucketLabel(first + i)) },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    tooltip: { trigger: "axis", renderMode: "richText" },
    series: p.pes.map((x) => {
      const total = x.hist.reduce((a, b) => a + b, 0) || 1;
      return {
        name: x.pe,
        type: "bar",
        data: x.hist.slice(first, last).map((n) => Math.round((1000 * n) / total) / 10),
      };
    }),
  });
  const rows = p.instances.map((i) => `${i.pe}[${i.instance}] @${i.host}`);
  const cells = [];
  p.timeline.forEach((bins, r) => bins.forEach((b, j) => cells.push([j, r, Math.round(100 * b)])));
  const seconds = (j) => ((j * p.binMs) / 1000).toFixed(p.binMs < 100 ? 2 : 1);
  const binCount = Math.max(0, ...p.timeline.map((b) => b.length));
  chart("chart-timeline", {
    title: { text: "Timeline: busy share of each instance", textStyle: { fontSize: 13 } },
    grid: { left: 220, top: 40, right: 80, bottom: 40 },
    xAxis: { type: "category", name: "s", data: Array.from({ length: binCount }, (_, j) => seconds(j)) },
    yAxis: { type: "category", data: rows, inverse: true },
    visualMap: {
      min: 0,
      max: 100,
      calculable: false,
      orient: "vertical",
      right: 0,
      top: 40,
      text: ["busy %", ""],
      inRange: { color: ["#fcf7e8", "#f2b84b", "#d03f3f"] },
    },
    series: [{ type: "heatmap", name: "busy %", data: cells }],
  });
  chart("chart-throughput", {
    title: { text: "Throughput (calls per second)", textStyle: { fontSize: 13 } },
    legend: { top: 22 },
    grid: { left: 80, top: 60, right: 30, bottom: 40 },
    tooltip: { trigger: "axis", renderMode: "richText" },
    xAxis: { type: "category", name: "s", data: Array.from({ length: binCount }, (_, j) => seconds(j)) },
    yAxis: { type: "value" },
    series: p.pes.map((x, k) => ({ name: x.pe, type: "line", showSymbol: false, data: p.throughput[k] })),
  });
  chart("chart-spans", {
    title: { text: "Sampled calls: start and duration", textStyle: { fontSize: 13 } },
    legend: { top: 22 },
    grid: { left: 80, top: 60, right: 30, bottom: 40 },
    xAxis: { type: "value", name: "s" },
    yAxis: { type: "log", name: "ms" },
    series: p.pes.map((x) => ({
      name: x.pe,
      type: "scatter",
      symbolSize: 5,
      data: p.spans.filter((s) => s[0] === x.pe && s[3] > 0).map((s) => [s[2] / 1000, s[3]]),
    })),
  });
};

const picture = async (id, box) => {
  const r = await fetch(`/api/runs/${id}/graph.svg`, { cache: "no-store" });
  if (!r.ok) return;
  const doc = new DOMParser().parseFromString(await r.text(), "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg") return;
  // Graphviz escapes the names it draws; this keeps it so should it ever not.
  for (const s of svg.querySelectorAll("script, foreignObject")) s.remove();
  for (const e of svg.querySelectorAll("*")) {
    for (const a of [...e.attributes]) if (/^on/i.test(a.name)) e.removeAttribute(a.name);
  }
  box.replaceChildren(document.importNode(svg, true));
};

/** A module URL as a command line names it: a file's path, anything else as it is. */
const modulePath = (url) => {
  try {
    return url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
  } catch {
    return url;
  }
};

const runView = (data) => {
  const { run, profile: p, diagnosis: d } = data;
  const perCall = (x) => x.calls === 0 ? "" : `${((1000 * x.processMs) / x.calls).toFixed(2)} µs`;
  const timeCells = (x) => [
    num(x.calls),
    num(x.out),
    ms(x.processMs),
    perCall(x),
    ms(x.writeMs),
    ms(x.blockedMs),
    ms(x.waitMs),
    pct(x.busy),
  ];
  const timeHeaders = ["in", "out", "process", "per call", "write", "blocked", "waiting", "busy"];
  return [
    el("h1", {}, `Run #${run.id}: `, el("span", { id: "workflow" }, run.workflow)),
    el(
      "p",
      { class: "facts" },
      `target ${run.target}`,
      run.processes === undefined ? "" : `, -n ${run.processes}`,
      `, started ${when(run.started)}, total time `,
      el("strong", { id: "total" }, ms(duration(run))),
      ", ",
      statusBadge(run.status),
      run.plannedFrom === undefined ? "" : el(
        "span",
        {},
        ", planned from ",
        el("a", { href: `/run/${run.plannedFrom}` }, `#${run.plannedFrom}`),
      ),
    ),
    run.error ? el("pre", { class: "error" }, run.error) : "",
    el(
      "section",
      { id: "diagnosis" },
      el("h2", {}, "Diagnosis"),
      d.sentences.map((s) => el("p", {}, s)),
      table(
        ["PE", "instances now", "suggested", "share of work", "note"],
        d.allocation.map((a) => [a.pe, a.current, a.suggested, a.fixed ? "" : pct(a.work), a.fixed ?? ""]),
        { id: "allocation" },
      ),
      el(
        "p",
        {},
        "Run with this allocation: ",
        el(
          "code",
          {},
          `deno run -A ${modulePath(run.module)} --target ${run.target}${
            run.processes ? ` -n ${run.processes}` : ""
          } --plan-from ${run.id}`,
        ),
      ),
    ),
    el("section", {}, el("h2", {}, "Workflow, coloured by busy time"), el("div", { id: "picture" }, "…")),
    el(
      "section",
      {},
      el("h2", {}, "Assignment of instances"),
      table(["process", "instances"], p.assignment.map((a) => [String(a.host), a.instances.join(", ")]), {
        id: "assignment",
      }),
    ),
    el(
      "section",
      {},
      el("h2", {}, "Profile per PE"),
      table(["PE", "instances", ...timeHeaders], p.pes.map((x) => [x.pe, x.instances, ...timeCells(x)]), {
        id: "profile",
      }),
      el("div", { id: "chart-time", class: "chart" }),
      el("div", { id: "chart-hist", class: "chart" }),
    ),
    el(
      "section",
      {},
      el("h2", {}, "Profile per instance"),
      table(
        ["instance", "process", ...timeHeaders],
        p.instances.map((x) => [`${x.pe}[${x.instance}]`, x.host, ...timeCells(x)]),
        { id: "instances" },
      ),
      el("div", { id: "chart-timeline", class: "chart tall" }),
      el("div", { id: "chart-throughput", class: "chart" }),
      el("div", { id: "chart-spans", class: "chart" }),
    ),
    el(
      "section",
      {},
      el("h2", {}, "Communication between processes"),
      p.links.length === 0 ? el("p", {}, "No batches between processes in this run.") : table(
        ["from", "to", "batches", "latency mean", "latency max", "queue mean", "queue max"],
        p.links.map((
          l,
        ) => [
          l.from,
          l.to,
          num(l.batches),
          ms(l.latencyMeanMs),
          ms(l.latencyMaxMs),
          l.depthMean.toFixed(2),
          l.depthMax,
        ]),
        { id: "links" },
      ),
    ),
    el(
      "p",
      { class: "hint" },
      `Times are estimates from sampled clock reads; ${
        p.complete
          ? "every process has reported its last measurements"
          : "the measurements are partial while the run goes on"
      }.`,
    ),
  ];
};

const runPage = async (id) => {
  document.title = `dispel4ts monitor: run ${id}`;
  let data;
  try {
    data = await getJson(`/api/runs/${id}`);
  } catch {
    main.replaceChildren(el("h1", {}, `No run #${id}`), el("p", {}, el("a", { href: "/" }, "All runs")));
    return;
  }
  main.replaceChildren(...runView(data));
  drawCharts(data);
  await picture(id, document.getElementById("picture"));
  if (data.run.status === "running") setTimeout(() => runPage(id), 2000);
  else document.body.dataset.ready = "true";
};

const route = /^\/run\/(\d+)$/.exec(location.pathname);
(route ? runPage(route[1]) : runsPage()).catch((e) => {
  main.replaceChildren(el("p", { class: "error" }, `The dashboard failed: ${e.message}`));
});
addEventListener("resize", () => charts.forEach((c) => c.resize()));
