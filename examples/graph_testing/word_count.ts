/** `RandomWordProducer -> WordCounter (3 instances, grouped by word)`: `[word, running count]` pairs. @module */
import * as W from "../../mod.ts";
import { randomWordProducer, wordCounter } from "./testing_pes.ts";

const words = W.pe(randomWordProducer, "RandomWordProducer0");
const count = W.pe(wordCounter.pipe(W.instances(3)), "WordCounter1");

export const workflow = W.workflow("word_count", [W.connect(words.out.output, count.in.input)]);

if (import.meta.main) await W.main(import.meta, workflow);
