/// <reference lib="dom" />
import assert from "node:assert/strict";
// deno-lint-ignore no-import-prefix -- in the import map, every first run would install it
import { chromium } from "npm:playwright-core@1.65.1";
import { renderSvg } from "../../cli/dot.ts";
import { compile } from "../../dsl/compile.ts";
import { workflow as composite } from "../../examples/graph_testing/pipeline_composite.ts";
import { toDot } from "../../ir/dot.ts";
import { CHROMIUM } from "../../tools/setup.ts";
import { engineTest } from "../engines.ts";
import { fileURLToPath } from "node:url";

const missing = () => {
  try {
    Deno.statSync(CHROMIUM);
    return undefined;
  } catch {
    return `${CHROMIUM} not found`;
  }
};

engineTest(
  "deno task dot's SVG shows every PE, port and the composite in Chromium",
  "browser",
  missing,
  async () => {
    const svg = await renderSvg(toDot(compile(composite, "m")));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 400 } });
      await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
      const nodes = await page.$$eval("g.node", (gs) =>
        gs.map((g) => {
          const box = (g as SVGGraphicsElement).getBoundingClientRect();
          return {
            text: g.textContent?.replace(/\s+/g, " ").trim() ?? "",
            width: box.width,
            height: box.height,
            x: box.x,
          };
        }));
      assert.equal(nodes.length, 5);
      for (const n of nodes) assert.ok(n.width > 40 && n.height > 20, `${n.text} is drawn too small`);
      assert.deepEqual(
        nodes.map((n) => n.text.split(" ").find((w) => w.startsWith("PE_") || w.startsWith("Test"))),
        [
          "TestProducer4",
          "PE_addTwo",
          "PE_multiplyByFour",
          "PE_divideByTwo",
          "PE_subtract",
        ],
      );
      const xs = nodes.map((n) => n.x);
      assert.deepEqual([...xs].sort((a, b) => a - b), xs, "left-to-right layout follows the pipeline");
      const cluster = await page.$eval("g.cluster", (g) => g.textContent?.trim());
      assert.match(cluster ?? "", /chain/);
      await Deno.mkdir(new URL("../../out/", import.meta.url), { recursive: true });
      await page.screenshot({
        path: fileURLToPath(new URL("../../out/pipeline_composite.png", import.meta.url)),
      });
    } finally {
      await browser.close();
    }
  },
);
