/**
 * The conformance suite: behaviours every target must share. Each target's test file calls
 * {@link conformance} with the target; workflows run from their JSON IR and are loaded by URL,
 * exactly as a target in another process would load them.
 *
 * @module
 */
import assert from "node:assert/strict";
import { runGraph } from "../../api/run.ts";
import { compile } from "../../dsl/compile.ts";
import type { Workflow } from "../../dsl/workflow.ts";
import { fromJson, toJson } from "../../ir/json.ts";
import { PeFailure } from "../../runtime/errors.ts";
import { instanceForKey } from "../../runtime/hash.ts";
import type { Target } from "../../runtime/target.ts";
import * as wfs from "./workflows.ts";

/** A target under test, with the process count to run it with. */
export interface Subject {
  readonly target: Target;
  readonly processes?: number;
  /**
   * Ends what the target keeps running between runs (an engine's session), after the suite. Its
   * process lives across the suite's steps, so the steps do not check for leaked operations.
   */
  readonly close?: () => Promise<void>;
}

/** Runs a workflow module's workflow on a target through its JSON IR; resolves to `[pe, port, data]` triples. */
export const runOn = async (
  subject: Subject,
  module: string,
  wf: Workflow,
  options: { inputs?: unknown; iterations?: number } = {},
): Promise<Array<[string, string, unknown]>> => {
  const graph = fromJson(toJson(compile(wf, module)));
  const { results } = await runGraph(graph, new Map(), {
    target: subject.target,
    processes: subject.processes,
    ...options,
    log: () => {},
  });
  return results.map((r) => [r.pe, r.port, r.data]);
};

/** Sorts values by their JSON text: multiset comparison for outputs whose order depends on scheduling. */
export const sorted = <A>(xs: ReadonlyArray<A>): Array<A> =>
  [...xs].sort((
    a,
    b,
  ) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const examples = new URL("../../examples/", import.meta.url);
const exampleUrl = (name: string) => new URL(name, examples).href;

/** Expected results of the original's graph_testing examples with `-i 10`, as `[pe, data]` pairs. */
const graphTesting: Record<string, Array<[string, unknown]>> = {
  pipeline_test: range(1, 10).map((i) => ["TestOneInOneOut5", i]),
  teecopy: range(1, 10).flatMap((i) => [["TestOneInOneOut1", i], ["TestOneInOneOut2", i]]),
  parallel_pipeline: range(1, 10).flatMap((i) => [["TestOneInOneOut2", i], ["TestOneInOneOut3", i]]),
  split_merge: range(1, 10).flatMap((
    i,
  ) => [["TestTwoInOneOut3", String(i)], ["TestTwoInOneOut3", String(i)]]),
  producer_tee: range(1, 10).flatMap((i) => [["TestOneInOneOut2", i], ["TestOneInOneOut3", i]]),
  multi_producer: range(1, 10).flatMap(() =>
    range(0, 9).map((k): [string, unknown] => ["TestOneInOneOut2", k])
  ),
  loopcopy: range(1, 10).flatMap((i) => [["TestOneInOneOut2", i], ["TestOneInOneOut2", i]]),
  pipeline_composite: range(1, 10).map((x) => ["chain/PE_subtract", ((x + 2) * 4) / 2 - 1]),
  unconnected_pipeline: range(1, 10).flatMap((i) => [["TestOneInOneOut5", i], ["TestOneInOneOut11", i]]),
  grouping_alltoone: range(1, 10).map((i) => ["TestOneInOneOut2", i]),
};

/** Checks `[word, running count]` pairs: the counts of each word run 1, 2, 3, ... */
const assertRunningCounts = (pairs: ReadonlyArray<[string, number]>, expected: number) => {
  assert.equal(pairs.length, expected);
  const byWord = new Map<string, Array<number>>();
  for (const [w, n] of pairs) byWord.set(w, [...(byWord.get(w) ?? []), n]);
  for (const [w, counts] of byWord) {
    assert.deepEqual(counts.sort((a, b) => a - b), range(1, counts.length), w);
  }
};

/** Registers the conformance tests for a target. */
export const conformance = (name: string, subject: Subject): void => {
  const shared = subject.close !== undefined;
  Deno.test(
    { name: `conformance on ${name}`, sanitizeOps: !shared, sanitizeResources: !shared },
    async (t) => {
      try {
        await steps(t, subject);
      } finally {
        await subject.close?.();
      }
    },
  );
};

const steps = async (t: Deno.TestContext, subject: Subject): Promise<void> => {
  for (const [example, expected] of Object.entries(graphTesting)) {
    await t.step(`graph_testing/${example} -i 10 gives the original's outputs`, async () => {
      const { workflow } = await import(exampleUrl(`graph_testing/${example}.ts`));
      const got = await runOn(subject, exampleUrl(`graph_testing/${example}.ts`), workflow, {
        iterations: 10,
      });
      assert.deepEqual(sorted(got.map(([pe, , data]) => [pe, data])), sorted(expected));
    });
  }

  await t.step("graph_testing/grouping_onetoall: every instance gets every item", async () => {
    const url = exampleUrl("graph_testing/grouping_onetoall.ts");
    const { workflow } = await import(url);
    const got = await runOn(subject, url, workflow, { iterations: 10 });
    const copies = subject.processes === undefined ? 1 : 2;
    assert.deepEqual(
      sorted(got.map(([, , d]) => d)),
      sorted(range(1, 10).flatMap((i) => Array(copies).fill(i))),
    );
  });

  for (const example of ["group_by", "word_count"]) {
    await t.step(`graph_testing/${example} -i 10 gives 10 running word counts`, async () => {
      const url = exampleUrl(`graph_testing/${example}.ts`);
      const { workflow } = await import(url);
      const got = await runOn(subject, url, workflow, { iterations: 10 });
      assertRunningCounts(got.map(([, , d]) => d as [string, number]), 10);
      assert.deepEqual(sorted(got), sorted(await runOn(subject, url, workflow, { iterations: 10 })));
    });
  }

  await t.step("word_count example counts the words of a text file", async () => {
    const text = "The cat and the hat.\nA CAT, a bat; the end\n\n42 cats!";
    const path = await Deno.makeTempFile({ suffix: ".txt" });
    await Deno.writeTextFile(path, text);
    const url = exampleUrl("word_count.ts");
    const { workflow } = await import(url);
    const got = await runOn(subject, url, workflow, { inputs: { read: [path] } });
    const expected = new Map<string, number>();
    for (const w of text.toLowerCase().match(/[a-z]+/g)!) expected.set(w, (expected.get(w) ?? 0) + 1);
    assert.deepEqual(sorted(got.map(([, , d]) => d)), sorted([...expected]));
    await Deno.remove(path);
  });

  const url = new URL("./workflows.ts", import.meta.url).href;

  await t.step("tee: every branch gets every item", async () => {
    const got = await runOn(subject, url, wfs.tee, { iterations: 20 });
    assert.deepEqual(sorted(got.filter(([pe]) => pe === "a").map(([, , d]) => d)), sorted(range(0, 19)));
    assert.deepEqual(
      sorted(got.filter(([pe]) => pe === "b").map(([, , d]) => d)),
      sorted(range(0, 19).map((x) => -x)),
    );
  });

  await t.step("nested composites flatten and run", async () => {
    const got = await runOn(subject, url, wfs.nested, { iterations: 4 });
    assert.deepEqual(sorted(got), sorted(range(0, 3).map((x) => ["outer/neg", "output", -((x + 1) * 2)])));
  });

  await t.step(
    "fan-in into 3 instances: every item arrives exactly once, spread over instances",
    async () => {
      const got = await runOn(subject, url, wfs.fanIn, { iterations: 30 });
      const items = got.map(([, , d]) => (d as [number, number])[0]);
      assert.deepEqual(sorted(items), sorted([...range(0, 29), ...range(1000, 1029)]));
      const used = new Set(got.map(([, , d]) => (d as [number, number])[1]));
      assert.equal(used.size, subject.processes === undefined ? 1 : 3);
    },
  );

  await t.step("groupBy: equal keys reach the one instance the shared hash names", async () => {
    const got = await runOn(subject, url, wfs.groupAffinity, { iterations: 200 });
    assert.equal(got.length, 200);
    const n = subject.processes === undefined ? 1 : 4;
    for (const [, , d] of got) {
      const [key, instance] = d as [string, number];
      assert.equal(instance, instanceForKey(key, n), key);
    }
  });

  await t.step("allToOne: everything reaches instance 0", async () => {
    const got = await runOn(subject, url, wfs.allToOne, { iterations: 25 });
    assert.deepEqual(sorted(got.map(([, , d]) => d)), sorted(range(0, 24).map((i) => [i, 0])));
  });

  await t.step("oneToAll: every instance gets every item", async () => {
    const got = await runOn(subject, url, wfs.oneToAll, { iterations: 10 });
    const n = subject.processes === undefined ? 1 : 3;
    const expected = range(0, 9).flatMap((i) => range(0, n - 1).map((k) => [i, k]));
    assert.deepEqual(sorted(got.map(([, , d]) => d)), sorted(expected));
  });

  await t.step("flush: in topological order, and what a flush writes flows on", async () => {
    const got = await runOn(subject, url, wfs.flushOrder, { iterations: 5 });
    const markers = got.map(([, , d]) => d).filter((d) => typeof d === "string");
    assert.deepEqual(markers, ["first flushed after 5", "second flushed after 6", "third flushed after 7"]);
    assert.deepEqual(sorted(got.map(([, , d]) => d).filter((d) => typeof d === "number")), range(0, 4));
  });

  await t.step(
    "a PE that throws fails the run, naming the PE, its instance and the data unit",
    async () => {
      await assert.rejects(runOn(subject, url, wfs.failure, { iterations: 10 }), (e: unknown) => {
        assert.ok(e instanceof PeFailure, String(e));
        assert.equal(e.pe, "fails");
        assert.equal(e.data, "3");
        assert.match(
          e.message,
          /^PE "fails" instance \d+( on \w+ \d+)? failed on data unit 3: RangeError: three is not allowed( \(log: \S+\))?$/,
        );
        return true;
      });
    },
  );

  await t.step("Stream PEs: grouped by key over 3 instances, with a service from the Layer", async () => {
    const got = await runOn(subject, url, wfs.streams, { iterations: 70 });
    assertRunningCounts(got.map(([, , d]) => d as [string, number]), 60);
    assert.ok(got.every(([, , d]) => (d as [string, number])[0] !== "k0"));
  });

  await t.step("a Stream PE's tagged error fails the run and keeps its tag and fields", async () => {
    await assert.rejects(runOn(subject, url, wfs.streamFailure, { iterations: 20 }), (e: unknown) => {
      assert.ok(e instanceof PeFailure, String(e));
      assert.equal(e.pe, "guard");
      const original = e.error as wfs.Overflow;
      assert.equal(original._tag, "Overflow");
      assert.equal(original.at, 5);
      return true;
    });
  });

  await t.step("empty input: no items, and flush still runs", async () => {
    assert.deepEqual(await runOn(subject, url, wfs.counted, { iterations: 0 }), [["total", "output", 0]]);
    assert.deepEqual(await runOn(subject, url, wfs.counted, { iterations: 7 }), [["total", "output", 7]]);
  });

  await t.step("termination with asynchronous PEs and generators: all items, once", async () => {
    const got = await runOn(subject, url, wfs.asynchronous, { iterations: 12 });
    assert.deepEqual(
      sorted(got.map(([, , d]) => d)),
      sorted(range(0, 11).flatMap((x) => [x * 10, x * 10 + 1, x * 10 + 2])),
    );
  });
};
