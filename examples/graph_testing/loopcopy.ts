/**
 * `P -> C1`, `P -> C2`, `C1 -> C3 -> C4 -> C2`: fan-in on C2's input (not a cycle). The
 * original's multi mapping deadlocks here once C2 has two instances.
 * @module
 */
import * as W from "../../mod.ts";
import { testOneInOneOut, testProducer } from "./testing_pes.ts";

const prod = W.pe(testProducer(), "TestProducer0");
const c1 = W.pe(testOneInOneOut(), "TestOneInOneOut1");
const c2 = W.pe(testOneInOneOut(), "TestOneInOneOut2");
const c3 = W.pe(testOneInOneOut(), "TestOneInOneOut3");
const c4 = W.pe(testOneInOneOut(), "TestOneInOneOut4");

export const workflow = W.workflow("loopcopy", [
  W.tee(prod.out.output, c1.in.input, c2.in.input),
  W.connect(c1.out.output, c3.in.input),
  W.connect(c3.out.output, c4.in.input),
  W.connect(c4.out.output, c2.in.input),
]);

if (import.meta.main) await W.main(import.meta, workflow);
