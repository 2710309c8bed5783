/** `P -> C1 (5 instances) -> C2 (5 instances, allToOne)`: only C2's instance 0 gets data. @module */
import * as W from "../../mod.ts";
import { testOneInOneOut, testProducer } from "./testing_pes.ts";

const prod = W.pe(testProducer(), "TestProducer0");
const c1 = W.pe(testOneInOneOut().pipe(W.instances(5)), "TestOneInOneOut1");
const c2 = W.pe(testOneInOneOut().pipe(W.allToOne("input"), W.instances(5)), "TestOneInOneOut2");

export const workflow = W.workflow("grouping_alltoone", [
  W.connect(prod.out.output, c1.in.input),
  W.connect(c1.out.output, c2.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
