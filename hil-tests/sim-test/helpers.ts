// Small hand-written bundles on one simulated board, for the simulator's own tests.
import esp32 from "../../boards/esp32.ts";
import type { BoardFile } from "../../boards/types.ts";
import { VirtualClock } from "../../sim/clock.ts";
import { SimBoard } from "../../sim/espruino/board.ts";

export interface TestBoard {
  clock: VirtualClock;
  board: SimBoard;
  /** Everything the board sent to the host so far. */
  output(): string;
  errors(): string[];
}

/** A board with `bundle` in .bootcde, powered and past its boot (JS starts at 500 ms). */
export function bootBoard(bundle: string, opts: { board?: BoardFile; seed?: number; powerOn?: boolean; glitchUs?: number } = {}): TestBoard {
  const clock = new VirtualClock();
  const board = new SimBoard({ clock, board: opts.board ?? esp32, bundle, seed: opts.seed ?? 1, jsStartMs: 500, glitchUs: opts.glitchUs });
  let out = "";
  board.onHostOutput((t) => {
    out += t;
  });
  if (opts.powerOn !== false) {
    board.powerOn();
    clock.advance(500);
  }
  return {
    clock,
    board,
    output: () => out,
    errors: () => board.log.filter((e) => e.kind === "error").map((e) => e.message),
  };
}

/** Evaluate an expression in the board's running interpreter (test access, not the REPL). */
export function evalOn(board: SimBoard, code: string): unknown {
  const interp = board.interpreter();
  if (!interp) throw new Error("the board is not running");
  const value = interp.evaluate(code);
  // Objects from the board's realm have other prototypes: compare them as plain data.
  return typeof value === "object" && value !== null ? JSON.parse(JSON.stringify(value)) : value;
}
