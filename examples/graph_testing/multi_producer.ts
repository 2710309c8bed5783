/** `TestMultiProducer(10) -> C1 -> C2`: 0..9 for every iteration. @module */
import * as W from "../../mod.ts";
import { testMultiProducer, testOneInOneOut } from "./testing_pes.ts";

const prod = W.pe(testMultiProducer(10), "TestMultiProducer0");
const c1 = W.pe(testOneInOneOut(), "TestOneInOneOut1");
const c2 = W.pe(testOneInOneOut(), "TestOneInOneOut2");

export const workflow = W.workflow("multi_producer", [
  W.connect(prod.out.output, c1.in.input),
  W.connect(c1.out.output, c2.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
