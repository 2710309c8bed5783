/**
 * Writes the recorded answers that `internal_extinction.ts --offline` and the tests read: one
 * VOTable per position of a coordinates file, in the form VizieR's cone search returns for
 * catalogue VII/237 (HyperLEDA I), named as `cone_search.ts` looks them up. The galaxies' values
 * are SYNTHETIC (made up, from a seeded generator), not measurements; each file says so.
 *
 *     deno run -A examples/astro/make_votables.ts [--coordinates FILE] [--out DIR] [--sr DEG]
 *
 * About 4% of the cones hold no galaxy, about 2% a galaxy without a morphological type, and about
 * 1% two galaxies (the first is the one asked for), as real answers sometimes do.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { recordedFile } from "./cone_search.ts";
import { COORDINATES, RECORDED } from "./internal_extinction.ts";
import { lines } from "../word_count.ts";
import { seeded } from "../graph_testing/testing_pes.ts";

// Morphological types with roughly the frequencies of isolated galaxies (mostly late spirals);
// "I" and "S?" are not in the original's table, which then counts them as type -10.
const TYPES = [
  "Sb",
  "Sbc",
  "Sc",
  "Sc",
  "Sbc",
  "SBb",
  "SBc",
  "Sa",
  "Sab",
  "Scd",
  "Sd",
  "Sm",
  "S0",
  "S0a",
  "E",
  "E-S0",
  "SBbc",
  "I",
  "S?",
];

const pad = (n: number, width: number, decimals = 0) => n.toFixed(decimals).padStart(width, "0");

/** Degrees as "hh mm ss.ss" (right ascension) or "±dd mm ss.s" (declination). */
export const sexagesimal = (deg: number, hours: boolean): string => {
  const sign = deg < 0 ? "-" : "+";
  let v = Math.abs(deg) / (hours ? 15 : 1);
  const d = Math.floor(v);
  v = (v - d) * 60;
  const m = Math.floor(v);
  const s = (v - m) * 60;
  return hours
    ? `${pad(d, 2)} ${pad(m, 2)} ${pad(s, 5, 2)}`
    : `${sign}${pad(d, 2)} ${pad(m, 2)} ${pad(s, 4, 1)}`;
};

interface Galaxy {
  readonly pgc: number;
  readonly ra: number;
  readonly dec: number;
  readonly mtype: string;
  readonly logD25: number;
  readonly logR25: number;
  readonly pa: number | null;
  readonly name: string;
}

const galaxy = (next: () => number, kig: number, ra: number, dec: number, withType: boolean): Galaxy => {
  const logR25 = Math.round(next() ** 1.6 * 90) / 100;
  return {
    pgc: 100 + Math.floor(next() * 72000),
    ra,
    dec,
    mtype: withType ? TYPES[Math.floor(next() * TYPES.length)] : "",
    logD25: Math.round((0.9 + next() * 0.7) * 100) / 100,
    logR25,
    pa: logR25 < 0.05 ? null : Math.floor(next() * 180),
    name: `KIG ${kig}`,
  };
};

const row = (g: Galaxy) =>
  `<TR><TD>${g.pgc}</TD><TD>${sexagesimal(g.ra, true)}</TD><TD>${sexagesimal(g.dec, false)}</TD><TD>G</TD>` +
  `<TD>${g.mtype}</TD><TD>${g.logD25.toFixed(2)}</TD><TD>${g.logR25.toFixed(2)}</TD>` +
  `<TD>${g.pa ?? ""}</TD><TD>${g.name}</TD></TR>`;

/** The recorded VOTable for the cone at `ra`,`dec` (the strings of the coordinates file). */
export const votable = (kig: number, ra: string, dec: string, sr: number): string => {
  const next = seeded(kig * 7919 + 17);
  const draw = next();
  const galaxies = draw < 0.04 ? [] : [
    galaxy(next, kig, Number(ra), Number(dec), draw >= 0.06),
    ...(draw > 0.99 ? [galaxy(next, 0, Number(ra) + sr / 2, Number(dec) - sr / 3, true)] : []),
  ].map((g, k) => k === 0 ? g : { ...g, name: "" });
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- RECORDED, SYNTHETIC: written by examples/astro/make_votables.ts for the offline mode and the
     tests of dispel4ts, in the form of VizieR's cone-search answer for catalogue VII/237. The
     galaxies' values are made up, not measurements. -->
<VOTABLE version="1.4" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns="http://www.ivoa.net/xml/VOTable/v1.3"
  xsi:schemaLocation="http://www.ivoa.net/xml/VOTable/v1.3 http://www.ivoa.net/xml/VOTable/v1.3">
 <DESCRIPTION>VizieR Astronomical Server vizier.cds.unistra.fr</DESCRIPTION>
 <INFO name="QUERY_STATUS" value="OK"/>
 <INFO ID="Target" name="-c" value="${ra}${Number(dec) < 0 ? "" : "+"}${dec},rs=${sr * 3600}"/>
 <RESOURCE ID="yCat_7237" name="VII/237">
  <DESCRIPTION>HYPERLEDA. I. Catalog of galaxies (Paturel+, 2003)</DESCRIPTION>
  <COOSYS ID="J2000" system="eq_FK5" equinox="J2000"/>
  <TABLE ID="VII_237_pgc" name="VII/237/pgc">
   <DESCRIPTION>The PGC catalog of galaxies</DESCRIPTION>
   <FIELD name="PGC" ucd="meta.id;meta.main" datatype="int" width="7"/>
   <FIELD name="RAJ2000" ucd="pos.eq.ra;meta.main" ref="J2000" datatype="char" arraysize="11" unit="&quot;h:m:s&quot;"/>
   <FIELD name="DEJ2000" ucd="pos.eq.dec;meta.main" ref="J2000" datatype="char" arraysize="11" unit="&quot;d:m:s&quot;"/>
   <FIELD name="OType" ucd="src.class" datatype="char" arraysize="1"/>
   <FIELD name="MType" ucd="src.morph.type" datatype="char" arraysize="5"/>
   <FIELD name="logD25" ucd="phys.angSize;src" datatype="float" width="5" precision="2" unit="[0.1arcmin]"/>
   <FIELD name="logR25" ucd="phys.size.axisRatio" datatype="float" width="5" precision="2" unit="[-]"/>
   <FIELD name="PA" ucd="pos.posAng" datatype="short" width="3" unit="deg"/>
   <FIELD name="ANames" ucd="meta.id" datatype="char" arraysize="33*"/>
   <DATA><TABLEDATA>
${galaxies.map((g) => `    ${row(g)}\n`).join("")}   </TABLEDATA></DATA>
  </TABLE>
 </RESOURCE>
</VOTABLE>
`;
};

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      coordinates: { type: "string", default: COORDINATES },
      out: { type: "string", default: RECORDED },
      sr: { type: "string", default: "0.001" },
    },
  });
  await Deno.mkdir(values.out, { recursive: true });
  let kig = 0;
  let written = 0;
  for (const line of lines(values.coordinates)) {
    kig++;
    if (line.trim() === "") continue;
    const [ra, dec] = line.trim().split(",");
    const cone = { ra, dec, sr: Number(values.sr) };
    Deno.writeTextFileSync(join(values.out, recordedFile(cone)), votable(kig, ra, dec, cone.sr));
    written++;
  }
  console.error(`${written} recorded VOTables written to ${values.out}`);
}
