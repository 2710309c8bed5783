/** `P0 -> C1`, then `C1 -> C2` and `C1 -> C3`. @module */
import * as W from "../../mod.ts";
import { testOneInOneOut, testProducer } from "./testing_pes.ts";

const prod = W.pe(testProducer(), "TestProducer0");
const c1 = W.pe(testOneInOneOut(), "TestOneInOneOut1");
const c2 = W.pe(testOneInOneOut(), "TestOneInOneOut2");
const c3 = W.pe(testOneInOneOut(), "TestOneInOneOut3");

export const workflow = W.workflow("parallel_pipeline", [
  W.connect(prod.out.output, c1.in.input),
  W.tee(c1.out.output, c2.in.input, c3.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
