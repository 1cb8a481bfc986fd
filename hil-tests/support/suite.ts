// The frame every HIL test file uses: one describe per selected board, a fresh rig and scenario per
// test, and the test's timing chart written afterwards whatever the outcome.
import type { BoardFile } from "../../boards/types.ts";
import type { Rig } from "../../rig/types.ts";
import { appendFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { CHART_ROOT, writeChart } from "./charts.ts";
import { openRig } from "./open-rig.ts";
import { Scenario } from "./scenario.ts";
import { distDir } from "../../sim/dist.ts";
import { espruinoBin, NO_INTERPRETER } from "../../rig/espruino/bin.ts";
import { benchPorts, loadBoard, loadTolerances, selectedBoardIds, TargetConfigError, targetName, type TargetName, type TargetProfile } from "./target.ts";

/** What this run tests, read once from the environment (support/target.ts). */
interface Selection {
  target: TargetName;
  tolerance: TargetProfile;
  boards: BoardFile[];
  /** Why the whole target is skipped (the espruino target without an interpreter). */
  skipReason?: string;
}

/**
 * A mistake in the environment must read as its own one-line message: thrown here, at the top of a
 * test module, mocha would retry the file as CommonJS and show an unrelated esbuild error instead.
 * So it is kept, and every test file declares one failing test that shows it.
 */
async function select(): Promise<Selection | TargetConfigError> {
  try {
    const target = targetName();
    const tolerance = loadTolerances(target);
    if (target === "bench") benchPorts();
    let skipReason: string | undefined;
    if (target === "espruino") {
      try {
        if (espruinoBin() === undefined) skipReason = NO_INTERPRETER;
      } catch (err) {
        throw new TargetConfigError((err as Error).message);
      }
    }
    const boards: BoardFile[] = [];
    // One at a time: a board file given by path may import a board file of the repository.
    for (const entry of selectedBoardIds()) boards.push(await loadBoard(entry));
    return { target, tolerance, boards, skipReason };
  } catch (err) {
    if (err instanceof TargetConfigError) return err;
    throw err;
  }
}

const SELECTION = await select();

/** The real interpreter's JsVars after a scenario go to hil-tests/out/espruino/ram.jsonl; returns its error flags. */
async function endOfRealScenario(rig: Rig, title: string): Promise<string[]> {
  const { EspruinoRig } = await import("../../rig/espruino/espruino-rig.ts");
  if (!(rig instanceof EspruinoRig)) return [];
  const end = await rig.endOfScenario();
  if (end === undefined) return [];
  const dir = join(CHART_ROOT, "espruino");
  mkdirSync(dir, { recursive: true });
  const record = { build: basename(rig.esp.options.bin), board: rig.board.id, scenario: title, programVars: end.programVars, usage: end.usage, total: end.total, errorFlags: end.errorFlags };
  appendFileSync(join(dir, "ram.jsonl"), JSON.stringify(record) + "\n");
  return end.errorFlags;
}

/** Seed of this run: BANKEN_SEED replays a failure; printed in every chart subtitle. */
export const SEED: number = process.env.BANKEN_SEED ? Number(process.env.BANKEN_SEED) >>> 0 : (Date.now() >>> 0);

export interface Harness {
  readonly target: TargetName;
  readonly board: BoardFile;
  readonly tolerance: TargetProfile;
  /** The rig of the running test. */
  readonly rig: Rig;
  /** The scenario of the running test. */
  readonly s: Scenario;
}

/** Declares `body`'s tests once per selected board, each with its own rig and chart. */
export function forEachBoard(topic: string, body: (h: Harness) => void): void {
  if (SELECTION instanceof TargetConfigError) {
    const error = SELECTION;
    describe(topic, () => {
      it("has a valid target configuration", () => {
        throw error;
      });
    });
    return;
  }
  const { target: TARGET, tolerance: TOLERANCE, boards: BOARDS, skipReason } = SELECTION;
  if (skipReason !== undefined) {
    describe(`${topic} [${TARGET}]`, () => {
      it(`[skipped: ${skipReason}]`, function () {
        this.skip();
      });
    });
    return;
  }
  if (BOARDS.length === 0) {
    describe(`${topic} [${TARGET}]`, () => {
      it("has at least one board file with a built bundle", () => {
        throw new TargetConfigError(`no board bundle in ${distDir()}/firmware/: run \`npm run build\` first (or check BANKEN_BOARDS)`);
      });
    });
    return;
  }
  for (const board of BOARDS) {
    if (TARGET === "espruino" && board.serial !== "Serial1") {
      // On the Linux interpreter USB is the process's own stdin/stdout (the shim's channel), not a port.
      describe(`${topic} [${TARGET} · ${board.id}]`, () => {
        it(`[skipped: board "${board.id}" beats on USB, which the Linux interpreter has only as its stdio]`, function () {
          this.skip();
        });
      });
      continue;
    }
    describe(`${topic} [${TARGET} · ${board.id}]`, function () {
      let rig: Rig | undefined;
      let scenario: Scenario | undefined;
      const harness: Harness = {
        target: TARGET,
        board,
        tolerance: TOLERANCE,
        get rig(): Rig {
          if (rig === undefined) throw new Error("no rig: used outside a test");
          return rig;
        },
        get s(): Scenario {
          if (scenario === undefined) throw new Error("no scenario: used outside a test");
          return scenario;
        },
      };
      beforeEach(async function () {
        rig = await openRig(TARGET, board, SEED);
        scenario = new Scenario(rig);
      });
      afterEach(async function () {
        const test = this.currentTest;
        if (rig === undefined || scenario === undefined || test === undefined) return;
        const state = test.state;
        if (state !== "pending") {
          const err = (test as unknown as { err?: Error }).err;
          const passed = state === "passed" ? true : state === "failed" ? false : undefined;
          const trace = scenario.trace(`${topic}: ${test.title}`, `target ${TARGET} · board ${board.id} · seed ${SEED}`, passed, err ? String(err.message ?? err) : undefined);
          writeChart(TARGET, board.id, `${topic} ${test.title}`, trace);
        }
        const closing = rig;
        rig = undefined;
        scenario = undefined;
        let errorFlags: string[] = [];
        try {
          if (closing.target === "espruino" && state !== "pending") errorFlags = await endOfRealScenario(closing, `${topic} ${test.title}`);
        } finally {
          await closing.close();
        }
        // The interpreter's own error flags (out of memory, a full event queue) fail the scenario.
        if (errorFlags.length > 0) throw new Error(`E.getErrorFlags() at the end of the scenario: ${errorFlags.join(", ")}`);
      });
      body(harness);
    });
  }
}
