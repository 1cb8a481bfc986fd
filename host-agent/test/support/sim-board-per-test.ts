// Mocha hooks for tests that each start (at most) one simulated esp32 on a pty: a fresh scratch
// directory per test, the board's serial and relay events collected, and after each test the board
// stopped and the directory removed. Call it in a describe() body.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimEvent } from "../../../sim/events.ts";
import { startSimBoard, type SimBoardProcess } from "../../src/sim/launch.ts";
import { assertBuilt } from "./cli.ts";

export interface SimBoardPerTest {
  /** This test's scratch directory. */
  dir(): string;
  /** What the board sent, received and switched in this test. */
  readonly events: SimEvent[];
  /** Starts this test's board, its pty at <dir>/tty; `args` go to tty-board (e.g. --flash FILE). */
  start(args?: string[]): Promise<SimBoardProcess>;
}

export function simBoardPerTest(prefix: string): SimBoardPerTest {
  let dir = "";
  let board: SimBoardProcess | null = null;
  const events: SimEvent[] = [];
  before(() => assertBuilt());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    events.length = 0;
  });
  afterEach(async () => {
    await board?.stop();
    board = null;
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    events,
    start: async (args?: string[]) => (board = await startSimBoard({ board: "esp32", link: join(dir, "tty"), onEvent: (e) => events.push(e), args })),
  };
}
