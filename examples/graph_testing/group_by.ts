/**
 * `RandomWordProducer -> C1 -> C2 -> C3 -> WordCounter4` with partitions
 * `[[words], [c1, c2, c3], [count]]`: `[word, running count]` pairs.
 * @module
 */
import * as W from "../../mod.ts";
import { randomWordProducer, testOneInOneOut, wordCounter } from "./testing_pes.ts";

const words = W.pe(randomWordProducer, "RandomWordProducer0");
const c1 = W.pe(testOneInOneOut<[string]>(), "TestOneInOneOut1");
const c2 = W.pe(testOneInOneOut<[string]>(), "TestOneInOneOut2");
const c3 = W.pe(testOneInOneOut<[string]>(), "TestOneInOneOut3");
const count = W.pe(wordCounter, "WordCounter4");

export const workflow = W.workflow("group_by", [
  W.connect(words.out.output, c1.in.input),
  W.connect(c1.out.output, c2.in.input),
  W.connect(c2.out.output, c3.in.input),
  W.connect(c3.out.output, count.in.input),
], { partitions: [[words], [c1, c2, c3], [count]] });

if (import.meta.main) await W.main(import.meta, workflow);
