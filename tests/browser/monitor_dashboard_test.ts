/// <reference lib="dom" />
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
// deno-lint-ignore no-import-prefix -- in the import map, every first run would install it
import { chromium } from "npm:playwright-core@1.65.1";
import { renderSvg } from "../../cli/dot.ts";
import { serveDashboard } from "../../monitor/dashboard.ts";
import { CHROMIUM } from "../../tools/setup.ts";
import { engineTest } from "../engines.ts";
import { HTML_NAME } from "../fixtures/monitored.ts";
import { runCli } from "../run_cli.ts";

const missing = () => {
  try {
    Deno.statSync(CHROMIUM);
    return undefined;
  } catch {
    return `${CHROMIUM} not found`;
  }
};

const out = (name: string) => fileURLToPath(new URL(`../../out/${name}`, import.meta.url));

engineTest(
  "the dashboard shows monitored runs live, a run's profile, charts and diagnosis, and PE names as text",
  "browser",
  missing,
  async () => {
    const dir = await Deno.makeTempDir({ prefix: "monitor-browser-" });
    const db = `${dir}/m.db`;
    const run = async (...args: Array<string>) => {
      const r = await runCli([...args, `--monitor=${db}`]);
      assert.equal(r.code, 0, r.stderr);
    };
    await run("tests/fixtures/monitored.ts", "-d", '{"src": [3000]}');
    await run("tests/fixtures/monitored.ts", "-d", '{"src": [3000]}', "-t", "workers", "-n", "4");
    const stop = new AbortController();
    const port = Promise.withResolvers<number>();
    const server = serveDashboard({
      db,
      port: 0,
      renderSvg,
      signal: stop.signal,
      onListen: (a) => port.resolve(a.port),
    });
    const base = `http://127.0.0.1:${await port.promise}`;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
      ],
    });
    const dialogs: Array<string> = [];
    const requests: Array<string> = [];
    try {
      await Deno.mkdir(new URL("../../out/", import.meta.url), { recursive: true });
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on("dialog", (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on("request", (r) => requests.push(r.url()));

      // The runs list, newest first.
      await page.goto(`${base}/`);
      await page.waitForSelector("#runs tbody tr");
      const rows = () =>
        page.$$eval(
          "#runs tbody tr",
          (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)),
        );
      const listed = await rows();
      assert.deepEqual(listed.map((r) => [r[0], r[1], r[2], r[3], r[6]]), [
        ["#2", "monitored", "workers", "4", "done"],
        ["#1", "monitored", "simple", "", "done"],
      ]);

      // A run started now shows up while it goes, and then as done, without reloading.
      const slow = run("tests/fixtures/slow.ts", "-i", "15");
      await page.waitForFunction(() =>
        [...document.querySelectorAll("#runs tbody tr")].some((tr) =>
          tr.textContent?.includes("slow") && tr.textContent.includes("running")
        )
      );
      await slow;
      await page.waitForFunction(() =>
        [...document.querySelectorAll("#runs tbody tr")].some((tr) =>
          tr.textContent?.includes("slow") && tr.textContent.includes("done")
        )
      );
      await page.screenshot({ path: out("monitor_runs.png") });

      // The workers run's page.
      await page.click("#runs a[href='/run/2']");
      await page.waitForSelector("body[data-ready='true']");
      assert.equal(await page.textContent("#workflow"), "monitored");
      assert.match((await page.textContent("main > p.facts")) ?? "", /target workers, -n 4/);
      // The PE named like HTML is text in the tables, the picture and the charts; nothing ran.
      const profileNames = await page.$$eval(
        "#profile tbody tr td:first-child",
        (tds) => tds.map((td) => td.textContent),
      );
      assert.deepEqual(profileNames, ["src", HTML_NAME, "heavy", "total"]);
      assert.equal(await page.$$eval("img", (imgs) => imgs.length), 0);
      const nodes = await page.$$eval(
        "#picture svg g.node",
        (gs) =>
          gs.map((g) => ({
            text: g.textContent ?? "",
            fill: g.querySelector("path, polygon")?.getAttribute("fill"),
          })),
      );
      assert.equal(nodes.length, 4);
      assert.ok(nodes.some((n) => n.text.includes(HTML_NAME)), JSON.stringify(nodes));
      assert.ok(nodes.every((n) => /^#[0-9a-f]{6}$/.test(n.fill ?? "")), JSON.stringify(nodes));
      assert.ok(nodes.find((n) => n.text.includes("heavy"))?.text.match(/busy \d+%/));
      // The assignment: two workers.
      const assignment = await page.$$eval("#assignment tbody tr", (trs) => trs.map((tr) => tr.textContent));
      assert.equal(assignment.length, 2);
      // The time chart draws a bar per PE and names them on its axis.
      const chartText = await page.$eval("#chart-time svg", (svg) => svg.textContent ?? "");
      for (const name of ["src", HTML_NAME, "heavy", "total", "process", "waiting for input"]) {
        assert.ok(chartText.includes(name), `the chart names ${name}: ${chartText}`);
      }
      assert.ok(await page.$$eval("#chart-time svg path", (ps) => ps.length) > 4);
      assert.ok(await page.$$eval("#chart-timeline svg path", (ps) => ps.length) > 4);
      // The diagnosis, in words, and the allocation it suggests.
      const diagnosis = (await page.textContent("#diagnosis")) ?? "";
      assert.match(diagnosis, /busy (only )?\d+% of the run/);
      assert.match(
        diagnosis,
        /deno run -A \/\S*tests\/fixtures\/monitored\.ts --target workers -n 4 --plan-from 2/,
      );
      const allocation = await page.$$eval("#allocation tbody tr", (trs) => trs.map((tr) => tr.textContent));
      assert.equal(allocation.length, 4);
      await page.screenshot({ path: out("monitor_run.png"), fullPage: true });

      assert.deepEqual(dialogs, []);
      assert.deepEqual(requests.filter((u) => !u.startsWith(base)), [], "nothing loaded from elsewhere");
      // Read-only.
      assert.equal((await fetch(`${base}/api/runs`, { method: "DELETE" })).status, 405);
    } finally {
      await browser.close();
      stop.abort();
      await server.finished;
      await Deno.remove(dir, { recursive: true });
    }
  },
);
