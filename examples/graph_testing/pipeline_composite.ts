/** A producer into a chain computing `((x + 2) * 4) / 2 - 1`. With `-i 10`: 5, 7, ..., 23. @module */
import * as W from "../../mod.ts";
import { testProducer } from "./testing_pes.ts";

const subtract = (x: number, n: number) => x - n;

/** The chain, as the original's `create_iterative_chain([addTwo, multiplyByFour, divideByTwo, (subtract, {n: 1})])`. */
export const calc = W.chain("chain", [
  function addTwo(x: number) {
    return x + 2;
  },
  function multiplyByFour(x: number) {
    return x * 4;
  },
  function divideByTwo(x: number) {
    return x / 2;
  },
  W.fn("PE_subtract", (x: number) => subtract(x, 1)),
]);

const prod = W.pe(testProducer(), "TestProducer4");
const chain = W.pe(calc);

export const workflow = W.workflow("pipeline_composite", [W.connect(prod.out.output, chain.in.input)]);

if (import.meta.main) await W.main(import.meta, workflow);
