import { makeSpark, SparkSession, sparkUnavailable } from "../../targets/spark/target.ts";
import { engineTest } from "../engines.ts";
import { conformance } from "./suite.ts";

// Real Spark in local mode, one session for the whole suite (a session takes seconds to start).
engineTest(
  "spark is available for the conformance suite",
  "spark",
  sparkUnavailable,
  () => Promise.resolve(),
);
if (sparkUnavailable() === undefined) {
  const session = new SparkSession("local[2]");
  conformance("spark local[2] -n 3", {
    target: makeSpark({ session }),
    processes: 3,
    close: () => session.close(),
  });
}
