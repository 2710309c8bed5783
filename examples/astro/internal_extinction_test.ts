import assert from "node:assert/strict";
import * as W from "../../mod.ts";
import { mpiUnavailable } from "../../targets/mpi/mod.ts";
import { mpi } from "../../targets/mpi/target.ts";
import { makeWorkers } from "../../targets/workers/mod.ts";
import { engineTest } from "../../tests/engines.ts";
import { runCli } from "../../tests/run_cli.ts";
import { withOffline } from "./cli_options.ts";
import { coneUrl, fetchVoTable, recordedFile } from "./cone_search.ts";
import { internalExtinction, numericalType } from "./extinction.ts";
import { COORDINATES, type Extinction, RECORDED, workflow } from "./internal_extinction.ts";
import { firstRowValue, parseVoTable } from "./votable.ts";

const MODULE = new URL("./internal_extinction.ts", import.meta.url).href;
const offline = { read: [{ coordinates: COORDINATES, recorded: RECORDED }] };

const byKig = (results: ReadonlyArray<{ data: unknown }>) =>
  results.map((r) => r.data as Extinction).sort((a, b) => a.kig - b.kig);

const near = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);

Deno.test("internalExtinction() follows the original's formula", () => {
  // Worked by hand: Sb (T = 3), log R25 = 0.5: k = 0.754·10^-0.6 = 0.189396, exponent
  // 2·0.04·(1 + 0.2/0.094) − 1 = −0.749787, R^exponent = 0.421817,
  // ai = −2.5·log10(0.189396 + 0.810604·0.421817) = 0.68663.
  assert.ok(Math.abs(internalExtinction(3, 0.5) - 0.68663) < 1e-5);
  // Python's math on the original's code: internal_extinction("SBb", 0.46), ("S0a", 0.73), ("Sc", 0.9).
  near(internalExtinction(3, 0.46), 0.6377917118942261);
  near(internalExtinction(0, 0.73), 0.2105016476719792);
  near(internalExtinction(6, 0.9), 1.5096886633471527);
  // Early types and unknown types have k = 1: no extinction, whatever the axis ratio.
  assert.equal(internalExtinction(-5, 0.3), 0);
  assert.equal(internalExtinction(numericalType("Irr"), 0.8), 0);
  assert.equal(numericalType(null), -10);
  assert.equal(numericalType("SBbc"), 4);
  assert.equal(numericalType("constructor"), -10);
});

Deno.test("parseVoTable() reads a recorded VizieR answer", async () => {
  const xml = await Deno.readTextFile(
    `${RECORDED}/${recordedFile({ ra: "0.83487", dec: "29.7972", sr: 0.001 })}`,
  );
  const table = parseVoTable(xml);
  assert.deepEqual(table.fields.map((f) => f.name), [
    "PGC",
    "RAJ2000",
    "DEJ2000",
    "OType",
    "MType",
    "logD25",
    "logR25",
    "PA",
    "ANames",
  ]);
  assert.deepEqual(table.rows, [[69974, "00 03 20.37", "+29 47 49.9", "G", "SBb", 1.33, 0.46, 39, "KIG 2"]]);
  assert.equal(firstRowValue(table, "MType"), "SBb");
  assert.equal(firstRowValue(table, "nope"), null);
});

Deno.test("parseVoTable() takes the first of several rows, blanks as null, and a table without rows", () => {
  const table = (rows: string) =>
    `<?xml version="1.0"?><v:VOTABLE xmlns:v="http://www.ivoa.net/xml/VOTable/v1.3"><v:RESOURCE><v:RESOURCE>
     <v:TABLE><v:FIELD name="MType" datatype="char"/><v:FIELD name="logR25" datatype="float"/>
     <v:DATA><v:TABLEDATA>${rows}</v:TABLEDATA></v:DATA></v:TABLE></v:RESOURCE></v:RESOURCE></v:VOTABLE>`;
  assert.deepEqual(
    parseVoTable(table("<v:TR><v:TD/><v:TD>0.1</v:TD></v:TR><v:TR><v:TD>Sc</v:TD><v:TD/></v:TR>")).rows,
    [
      [null, 0.1],
      ["Sc", null],
    ],
  );
  assert.deepEqual(parseVoTable(table("")).rows, []);
});

Deno.test("parseVoTable() names what is wrong with a bad answer", () => {
  const cases: Array<[string, RegExp]> = [
    ["<VOTABLE><RESOURCE>", /not well-formed XML at line 1, column 1: unclosed <VOTABLE>, <RESOURCE>/],
    ["<VOTABLE>\n<TABLE></VOTABLE>", /not well-formed XML at line 2.*closing tag/],
    ["", /empty answer/],
    ["<html><body>503 Service Unavailable</body></html>", /not a VOTable: the document's root is <html>/],
    [
      `<VOTABLE><INFO name="QUERY_STATUS" value="ERROR">Bad RA</INFO></VOTABLE>`,
      /QUERY_STATUS=ERROR: Bad RA/,
    ],
    [
      `<VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="int"/><DATA><BINARY/></DATA></TABLE></RESOURCE></VOTABLE>`,
      /BINARY; only TABLEDATA/,
    ],
    [
      `<VOTABLE><RESOURCE><TABLE><FIELD name="a" datatype="float"/><DATA><TABLEDATA><TR><TD>x</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>`,
      /field "a" \(float\) holds "x", not a number/,
    ],
  ];
  for (const [xml, message] of cases) assert.throws(() => parseVoTable(xml), message);
});

Deno.test("coneUrl() appends RA, DEC and SR to any base", () => {
  const cone = { ra: "1.5", dec: "-2.25", sr: 0.001 };
  assert.equal(coneUrl("http://h/scs", cone), "http://h/scs?RA=1.5&DEC=-2.25&SR=0.001");
  assert.equal(coneUrl("http://h/scs?", cone), "http://h/scs?RA=1.5&DEC=-2.25&SR=0.001");
  assert.equal(coneUrl("http://h/scs?CAT=7", cone), "http://h/scs?CAT=7&RA=1.5&DEC=-2.25&SR=0.001");
});

Deno.test("withOffline() turns --offline into the read inputs, whichever way they came", () => {
  const d = { coordinates: "c.txt", recorded: "rec/" };
  assert.deepEqual(withOffline(["-n", "2"], d), ["-n", "2", "-d", '{"read":["c.txt"]}']);
  assert.deepEqual(withOffline(["--data", '{"read": [{"input": "a.txt"}]}', "--offline"], d), [
    "-d",
    '{"read":[{"input":{"coordinates":"a.txt","recorded":"rec/"}}]}',
  ]);
  // A recording folder of the user's own is kept; malformed JSON is left for the CLI to name.
  assert.deepEqual(
    withOffline(["--offline", "-d", '{"read": [{"coordinates": "a", "recorded": "mine"}]}'], d),
    [
      "-d",
      '{"read":[{"coordinates":"a","recorded":"mine"}]}',
    ],
  );
  assert.deepEqual(withOffline(["--offline", "-d", "{read"], d), ["-d", "{read"]);
  assert.deepEqual(withOffline(["--offline", "-f", "/no/such.json"], d), ["-f", "/no/such.json"]);
});

Deno.test("withOffline() reads a -f file into the inputs, as -f wins over -d", async () => {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(file, '{"read": ["from_file.txt"]}');
    const d = { coordinates: "c.txt", recorded: "rec/" };
    assert.deepEqual(withOffline(["-d", '{"read": ["x"]}', "--file", file, "--offline"], d), [
      "-d",
      '{"read":[{"coordinates":"from_file.txt","recorded":"rec/"}]}',
    ]);
    assert.deepEqual(withOffline(["-f", file], d), ["-f", file]);
  } finally {
    await Deno.remove(file);
  }
});

/** The offline results, checked against values derived from the recorded files by hand and in Python. */
const checkOffline = (results: ReadonlyArray<{ pe: string; data: unknown }>) => {
  assert.ok(results.every((r) => r.pe === "internalExtinction"));
  const rows = byKig(results);
  assert.deepEqual(rows.map((r) => r.kig), Array.from({ length: 100 }, (_, k) => k + 1));
  const kig2 = rows[1];
  assert.deepEqual({ ...kig2, ai: 0 }, {
    kig: 2,
    ra: 0.83487,
    dec: 29.7972,
    mtype: "SBb",
    logR25: 0.46,
    t: 3,
    ai: 0,
  });
  near(kig2.ai, 0.6377917118942261);
  near(rows[49].ai, 1.0306302181325566); // KIG 50: Sbc, log R25 = 0.69
  // KIG 1's galaxy has no type: T = -10, k = 1, no extinction.
  assert.deepEqual([rows[0].mtype, rows[0].t, rows[0].ai], [null, -10, 0]);
  // Five cones hold no galaxy in the recording: no extinction can be computed.
  assert.deepEqual(rows.filter((r) => r.ai === null).map((r) => r.kig), [11, 31, 39, 65, 71]);
  const sum = rows.reduce((s, r) => s + (r.ai ?? 0), 0);
  assert.ok(Math.abs(sum - 31.841464246620344) < 1e-9, `sum of ai ${sum}`);
};

Deno.test("internal extinction offline on simple gives the expected extinctions", async () => {
  checkOffline(await W.collect(workflow, { inputs: offline, module: MODULE }));
});

Deno.test("internal extinction offline gives the same results on workers -n 4", async () => {
  checkOffline(
    await W.collect(workflow, {
      target: makeWorkers({ maxWorkers: 4 }),
      processes: 4,
      inputs: offline,
      module: MODULE,
    }),
  );
});

engineTest(
  "internal extinction offline gives the same results on mpi -n 4",
  "mpi",
  mpiUnavailable,
  async () => {
    checkOffline(await W.collect(workflow, { target: mpi, processes: 4, inputs: offline, module: MODULE }));
  },
);

Deno.test("internal_extinction.ts --offline runs from the command line", async () => {
  const r = await runCli([
    "examples/astro/internal_extinction.ts",
    "--offline",
    "--target",
    "workers",
    "-n",
    "3",
  ]);
  assert.equal(r.code, 0, r.stderr);
  checkOffline(W.readResults(r.stdout));
});

/** A cone-search service on a free port serving the recorded answers, busy (503) for its first 2 requests. */
const flakyService = () => {
  let asked = 0;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
    const q = new URL(req.url).searchParams;
    const cone = { ra: q.get("RA")!, dec: q.get("DEC")!, sr: Number(q.get("SR")) };
    if (++asked <= 2) return new Response("busy", { status: 503 });
    return new Response(await Deno.readTextFile(`${RECORDED}/${recordedFile(cone)}`), {
      headers: { "content-type": "text/xml" },
    });
  });
  return { server, url: `http://127.0.0.1:${server.addr.port}/scs`, asked: () => asked };
};

Deno.test("internal extinction online asks the service over HTTP and retries what fails", async () => {
  const { server, url, asked } = flakyService();
  try {
    const results = await W.collect(workflow, {
      target: makeWorkers({ maxWorkers: 2 }),
      processes: 4,
      inputs: { read: [{ coordinates: COORDINATES, service: url, attempts: 3, timeout: 10 }] },
      module: MODULE,
    });
    checkOffline(results);
    assert.equal(asked(), 102);
  } finally {
    await server.shutdown();
  }
});

/** A port on which nothing listens. */
const closedPort = () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
};

Deno.test("internal extinction fails in one line naming the URL of an unreachable service", async () => {
  const port = closedPort();
  const base = `http://127.0.0.1:${port}/scs`;
  const spec = { coordinates: COORDINATES, service: base, attempts: 2, timeout: 2 };
  const r = await runCli(["examples/astro/internal_extinction.ts", "-d", JSON.stringify({ read: [spec] })]);
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^error: PE "getVOTable" instance 0 failed/);
  // Queries run 8 at a time: whichever gives up first is named, with its URL.
  assert.ok(lines[0].includes(`Cannot reach the cone-search service at ${base}?RA=`), lines[0]);
  assert.match(lines[0], /\?RA=[\d.]+&DEC=-?[\d.]+&SR=0\.001: /);
  assert.match(lines[0], /Connection refused.*\(2 attempts\)$/);
});

Deno.test("fetchVoTable() gives up on a service that does not answer in time", async () => {
  // Answers only once the client has given up, so that the server can shut down.
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    (req) =>
      new Promise((resolve) => req.signal.addEventListener("abort", () => resolve(new Response("late")))),
  );
  const url = `http://127.0.0.1:${server.addr.port}/scs`;
  try {
    await assert.rejects(
      fetchVoTable({ _tag: "Service", url, timeoutMs: 200, attempts: 2 }, { ra: "1", dec: "2", sr: 0.001 }),
      /Cannot reach the cone-search service at .*RA=1&DEC=2&SR=0.001: no answer within 0.2 s \(2 attempts\)/,
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("fetchVoTable() does not retry a query the service refuses", async () => {
  let asked = 0;
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, () => {
    asked++;
    return new Response("no such catalogue", { status: 404, statusText: "Not Found" });
  });
  try {
    await assert.rejects(
      fetchVoTable({
        _tag: "Service",
        url: `http://127.0.0.1:${server.addr.port}/x`,
        timeoutMs: 2000,
        attempts: 3,
      }, {
        ra: "1",
        dec: "2",
        sr: 0.001,
      }),
      /x\?RA=1&DEC=2&SR=0.001 answered HTTP 404 Not Found/,
    );
    assert.equal(asked, 1);
  } finally {
    await server.shutdown();
  }
});

Deno.test("internal extinction refuses bad input in one line, exit 1", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "dispel4ts-astro-" });
  try {
    const coords = `${dir}/coords.txt`;
    await Deno.writeTextFile(coords, "0.83487,29.7972\n0.84108,30.7821\n");
    await Deno.writeTextFile(
      `${dir}/0.83487_29.7972.xml`,
      await Deno.readTextFile(`${RECORDED}/0.83487_29.7972.xml`),
    );
    await Deno.writeTextFile(`${dir}/0.84108_30.7821.xml`, "<VOTABLE><RESOURCE>\n");
    const badCoords = `${dir}/bad.txt`;
    await Deno.writeTextFile(badCoords, "0.83487,29.7972\n12h30m,+12\n");
    const cases: Array<[string, unknown, RegExp]> = [
      ["a missing coordinates file", "/no/such/coords.txt", /PE "read" .*NotFound.*\/no\/such\/coords.txt/],
      [
        "a malformed coordinates line",
        { coordinates: badCoords, recorded: dir },
        /PE "read" .*SyntaxError: .*bad.txt:2: expected "ra,dec" in degrees, got "12h30m,\+12"/,
      ],
      [
        "malformed VOTable XML",
        { coordinates: coords, recorded: dir },
        /PE "filterColumns" .*SyntaxError: VOTable of KIG 2 from .*0.84108_30.7821.xml: not well-formed XML at line 1, column 1: unclosed <VOTABLE>, <RESOURCE>/,
      ],
      [
        "a position without a recorded answer",
        { coordinates: COORDINATES, recorded: dir },
        // Queries run 8 at a time: whichever missing answer is found first is named.
        /ConeSearchFailed: No recorded answer for RA=[\d.]+ DEC=-?[\d.]+: .*\/-?[\d.]+_-?[\d.]+\.xml does not exist/,
      ],
      [
        "a read input of the wrong shape",
        { file: "x" },
        /read takes a coordinates file or \{"coordinates": FILE, \.\.\.\}/,
      ],
    ];
    for (const [name, input, message] of cases) {
      await t.step(name, async () => {
        const r = await runCli([
          "examples/astro/internal_extinction.ts",
          "-d",
          JSON.stringify({ read: [input] }),
        ]);
        assert.equal(r.code, 1, r.stderr);
        const errors = r.stderr.trim().split("\n");
        assert.equal(errors.length, 1, r.stderr);
        assert.match(errors[0], message);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
