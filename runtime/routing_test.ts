import assert from "node:assert/strict";
import { instanceCounts } from "./assign.ts";
import { ALL, chooser } from "./routing.ts";
import { instanceForKey } from "./hash.ts";
import { compile } from "../dsl/compile.ts";
import { workflow as pipeline } from "../examples/graph_testing/pipeline_test.ts";
import { workflow as alltoone } from "../examples/graph_testing/grouping_alltoone.ts";

Deno.test("chooser() shuffles round-robin from the sender's offset", () => {
  const c = chooser({ _tag: "Shuffle" }, 3, 2);
  assert.deepEqual([c(0), c(0), c(0), c(0)], [2, 0, 1, 2]);
});

Deno.test("chooser() groups by fields and by key function through the shared hash", () => {
  const byField = chooser({ _tag: "GroupBy", key: { _tag: "Fields", fields: [0] } }, 5, 0);
  const byFn = chooser({ _tag: "GroupBy", key: { _tag: "Function" } }, 5, 3, (d) => (d as [string])[0]);
  for (const w of ["a", "b", "dispel4py", "mpi"]) {
    assert.equal(byField([w, 1]), instanceForKey(w, 5));
    assert.equal(byFn([w, 9]), instanceForKey(w, 5));
  }
  const byTwo = chooser({ _tag: "GroupBy", key: { _tag: "Fields", fields: ["a", "b"] } }, 7, 0);
  assert.equal(byTwo({ a: 1, b: 2, c: 3 }), instanceForKey([1, 2], 7));
});

Deno.test("chooser() sends allToOne to 0 and oneToAll to every instance", () => {
  assert.equal(chooser({ _tag: "AllToOne" }, 4, 3)("x"), 0);
  assert.equal(chooser({ _tag: "OneToAll" }, 4, 3)("x"), ALL);
});

Deno.test("instanceCounts() follows the original's assignment", () => {
  const g = compile(pipeline, "m");
  assert.deepEqual(Object.fromEntries(instanceCounts(g, 12)), {
    TestProducer0: 1,
    TestOneInOneOut1: 2,
    TestOneInOneOut2: 2,
    TestOneInOneOut3: 2,
    TestOneInOneOut4: 2,
    TestOneInOneOut5: 2,
  });
  assert.deepEqual(Object.fromEntries(instanceCounts(compile(alltoone, "m"), 3)), {
    TestProducer0: 1,
    TestOneInOneOut1: 5,
    TestOneInOneOut2: 5,
  });
});
