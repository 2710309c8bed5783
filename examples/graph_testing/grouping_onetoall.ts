/** `P -> C`, C with 2 instances and a oneToAll input: each instance gets every item. @module */
import * as W from "../../mod.ts";
import { testOneInOneOut, testProducer } from "./testing_pes.ts";

const prod = W.pe(testProducer(), "TestProducer0");
const cons = W.pe(testOneInOneOut().pipe(W.oneToAll("input"), W.instances(2)), "TestOneInOneOut1");

export const workflow = W.workflow("grouping_onetoall", [W.connect(prod.out.output, cons.in.input)]);

if (import.meta.main) await W.main(import.meta, workflow);
