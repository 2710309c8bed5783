/** `TestProducer0` tees to `TestOneInOneOut1` and `TestOneInOneOut2`: both get every item. @module */
import * as W from "../../mod.ts";
import { testOneInOneOut, testProducer } from "./testing_pes.ts";

const prod = W.pe(testProducer(), "TestProducer0");
const c1 = W.pe(testOneInOneOut(), "TestOneInOneOut1");
const c2 = W.pe(testOneInOneOut(), "TestOneInOneOut2");

export const workflow = W.workflow("teecopy", [W.tee(prod.out.output, c1.in.input, c2.in.input)]);

if (import.meta.main) await W.main(import.meta, workflow);
