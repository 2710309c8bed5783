/** `P0 -> C1`, `P0 -> C2`, `C1 -> C3`: the sinks C2 and C3 each get every item. @module */
import * as W from "../../mod.ts";
import { testOneInOneOut, testProducer } from "./testing_pes.ts";

const prod = W.pe(testProducer(), "TestProducer0");
const c1 = W.pe(testOneInOneOut(), "TestOneInOneOut1");
const c2 = W.pe(testOneInOneOut(), "TestOneInOneOut2");
const c3 = W.pe(testOneInOneOut(), "TestOneInOneOut3");

export const workflow = W.workflow("producer_tee", [
  W.tee(prod.out.output, c1.in.input, c2.in.input),
  W.connect(c1.out.output, c3.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
