/** `TestProducer(2)` splits to two PEs that merge into `TestTwoInOneOut3` (`input0`, `input1`). @module */
import * as W from "../../mod.ts";
import { testOneInOneOut, testOneInOneOutWriter, testProducer, testTwoInOneOut } from "./testing_pes.ts";

const prod = W.pe(testProducer(2), "TestProducer0");
const a = W.pe(testOneInOneOut(), "TestOneInOneOut1");
const b = W.pe(testOneInOneOutWriter, "TestOneInOneOutWriter2");
const merge = W.pe(testTwoInOneOut, "TestTwoInOneOut3");

export const workflow = W.workflow("split_merge", [
  W.connect(prod.out.output0, a.in.input),
  W.connect(prod.out.output1, b.in.input),
  W.connect(a.out.output, merge.in.input0),
  W.connect(b.out.output, merge.in.input1),
]);

if (import.meta.main) await W.main(import.meta, workflow);
