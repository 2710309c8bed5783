/** `TestProducer0 -> TestOneInOneOut1 -> ... -> TestOneInOneOut5`. With `-i 10`: 1..10. @module */
import * as W from "../../mod.ts";
import { testOneInOneOut, testProducer } from "./testing_pes.ts";

/** A pipeline of `n` identity PEs after a producer, named like the original's ids from `first`. */
export const pipeline = (n: number, first = 0): Array<W.Part> => {
  const prod = W.pe(testProducer(), `TestProducer${first}`);
  const steps = Array.from(
    { length: n },
    (_, i) => W.pe(testOneInOneOut(), `TestOneInOneOut${first + i + 1}`),
  );
  return [
    W.connect(prod.out.output, steps[0].in.input),
    ...steps.slice(1).map((step, i) => W.connect(steps[i].out.output, step.in.input)),
  ];
};

export const workflow = W.workflow("pipeline_test", pipeline(5));

if (import.meta.main) await W.main(import.meta, workflow);
