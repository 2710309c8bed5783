import assert from "node:assert/strict";
import { canonicalJson, fnv1a, hashKey, instanceForKey } from "./hash.ts";

Deno.test("fnv1a() matches the published FNV-1a 32 test vectors", () => {
  assert.equal(fnv1a(""), 0x811c9dc5);
  assert.equal(fnv1a("a"), 0xe40c292c);
  assert.equal(fnv1a("foobar"), 0xbf9cf968);
});

Deno.test("fnv1a() hashes the UTF-8 bytes of any string", () => {
  const enc = new TextEncoder();
  const reference = (s: string) => {
    let h = 0x811c9dc5;
    for (const b of enc.encode(s)) h = Math.imul(h ^ b, 16777619);
    return h >>> 0;
  };
  for (const s of ["héllo", "日本語", "😀 emoji", "lone \ud800 surrogate", "end \udc00"]) {
    assert.equal(fnv1a(s), reference(s), s);
  }
});

Deno.test("hashKey() is stable: pinned values every target must reproduce", () => {
  // These numbers are the contract between targets; changing them splits groups across targets.
  assert.equal(hashKey("dispel4py"), 1307174411);
  assert.equal(hashKey(["dispel4py", 1]), fnv1a('["dispel4py",1]'));
  assert.equal(hashKey(42), fnv1a("42"));
  assert.equal(instanceForKey("dispel4py", 3), 2);
});

Deno.test("canonicalJson() sorts keys and normalises values", () => {
  assert.equal(
    canonicalJson({ b: [1, { d: 1, c: 2 }], a: null, u: undefined }),
    '{"a":null,"b":[1,{"c":2,"d":1}]}',
  );
  assert.equal(canonicalJson([NaN, Infinity, undefined, 10n]), '[null,null,null,"10"]');
  assert.equal(hashKey({ x: 1, y: 2 }), hashKey({ y: 2, x: 1 }));
});

Deno.test("instanceForKey() spreads keys over instances", () => {
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) counts[instanceForKey(`word${i}`, 4)]++;
  for (const c of counts) assert.ok(c > 800 && c < 1200, `unbalanced: ${counts}`);
});

Deno.test("hashKey: a key with toJSON (a Date) hashes as its JSON form", () => {
  const day = new Date("2026-11-27T00:00:00.000Z");
  assert.equal(hashKey(day), hashKey("2026-11-27T00:00:00.000Z"));
  assert.notEqual(hashKey(day), hashKey(new Date("2026-11-28T00:00:00.000Z")));
});
