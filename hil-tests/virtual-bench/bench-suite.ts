// `npm run hil:bench-virtual`: the HIL suite's bench target, unchanged, on the virtual bench (two
// real interpreters joined by the virtual wire, virtual-bench.ts). Each scenario file below runs in
// its own mocha process with BANKEN_TARGET=bench and the two pty ports, exactly as a developer runs
// it against two boards; its report appears inline, and the test here fails when it does.
// A mocha file, but not `*.test.ts`: `npm run hil` must not start interpreters for the simulation.
// Real time: the scenarios are the ones that fit in about two minutes (docs/bench-rig.md).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { espruinoBin, NO_INTERPRETER } from "../../rig/espruino/bin.ts";
import { REPO_ROOT } from "../support/target.ts";
import { startVirtualBench } from "./serve.ts";
import type { VirtualBench } from "./virtual-bench.ts";

/** The DUT board; its bundle and the observer's must be built. */
const BOARD = "esp32";

/** Scenario files, each with the titles to run (mocha --grep; empty = the whole file). */
export const SCENARIOS: Array<{ file: string; grep?: string }> = [
  { file: "hil-tests/1-reset-timing.test.ts" },
  { file: "hil-tests/4-unpowered-restart.test.ts", grep: "loses power" },
  { file: "hil-tests/5-boot-escalation.test.ts", grep: "survives a power cut" },
  { file: "hil-tests/6-warning-hold.test.ts", grep: "!WARN" },
  { file: "hil-tests/7-hostile-input.test.ts", grep: "REPL-looking|over-long" },
];

const MOCHA = createRequire(import.meta.url).resolve("mocha/bin/mocha.js");

describe(`bench target on two real interpreters (virtual bench, ${BOARD})`, function () {
  let bench: VirtualBench | undefined;

  before(async function () {
    if (espruinoBin() === undefined) {
      // The describe line is already printed: each skipped test names the reason.
      for (const t of this.test!.parent!.tests) t.title += ` [skipped: ${NO_INTERPRETER}]`;
      this.skip();
    }
    this.timeout(30000);
    bench = await startVirtualBench(BOARD);
  });

  after(async () => {
    await bench?.close();
  });

  for (const scenario of SCENARIOS) {
    it(`${scenario.file}${scenario.grep ? ` (${scenario.grep})` : ""}`, async function () {
      this.timeout(300000);
      const b = bench!;
      const args = [MOCHA, "--timeout", "120000", scenario.file];
      if (scenario.grep) args.push("--grep", scenario.grep);
      const env = { ...process.env, BANKEN_TARGET: "bench", BANKEN_BOARDS: BOARD, BANKEN_DUT_PORT: b.dutPort, BANKEN_OBSERVER_PORT: b.observerPort };
      const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ["ignore", "inherit", "inherit"] });
      const code = await new Promise<number>((resolve) => child.once("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
      // Nothing the scenarios can see: an interpreter that ran short of memory or dropped input.
      const observerFlags = (await b.probe("observer")).errorFlags;
      const dutFlags = b.dutPowered ? (await b.probe("dut")).errorFlags : [];
      const flags = `E.getErrorFlags(): observer [${observerFlags.join(",")}], DUT [${dutFlags.join(",")}]`;
      assert.equal(code, 0, `${scenario.file} on the virtual bench: ${code} failing (its report is above); ${flags}`);
      assert.deepEqual([...observerFlags, ...dutFlags], [], `after the scenario, ${flags}`);
    });
  }
});
