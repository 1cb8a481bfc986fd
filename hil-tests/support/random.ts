// Seeded randomness for the tests: the run's seed mixed with the test's title, so each test draws its
// own stream and a failure replays with BANKEN_SEED=<seed from the chart subtitle>.
import { Rng } from "../../sim/rng.ts";
import { SEED } from "./suite.ts";

export function rngFor(title: string): Rng {
  let h = SEED >>> 0;
  for (let i = 0; i < title.length; i++) h = Math.imul(h ^ title.charCodeAt(i), 16777619) >>> 0;
  return new Rng(h);
}
