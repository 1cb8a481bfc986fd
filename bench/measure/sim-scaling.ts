// Item 7b: the simulator with 1, 10 and 100 esp32 boards on one virtual clock, each running the
// built bundle and beaten every 60 s by its own host (staggered), no observer. Reported: simulated
// seconds per wall-clock second for the whole set, and per board.
import esp32 from "../../boards/esp32.ts";
import { VirtualClock } from "../../sim/clock.ts";
import { SimBoard } from "../../sim/espruino/board.ts";
import { row, type Row } from "../lib/result.ts";
import { builtText } from "../lib/snapshot.ts";
import { round } from "../lib/stats.ts";

const BEAT_EVERY_MS = 60000;

function simulate(boards: number, simulatedMs: number): { wallS: number; replies: number } {
  const bundle = builtText("firmware/esp32.js");
  const clock = new VirtualClock();
  let replies = 0;
  const all: SimBoard[] = [];
  for (let i = 0; i < boards; i++) {
    const board = new SimBoard({ clock, board: esp32, bundle, seed: 100 + i, label: `b${i}` });
    board.onHostOutput((text) => {
      if (text.includes("OK BEAT")) replies++;
    });
    board.powerOn();
    all.push(board);
  }
  clock.advance(3000); // every board booted
  const started = performance.now();
  all.forEach((board, i) => {
    const beat = (): void => {
      board.hostWrite("BEAT\n");
      clock.after(BEAT_EVERY_MS * 1000, beat);
    };
    clock.after(Math.round((i * BEAT_EVERY_MS * 1000) / boards), beat);
  });
  clock.advance(simulatedMs);
  const wallS = (performance.now() - started) / 1000;
  for (const board of all) board.powerOff();
  return { wallS, replies };
}

export function measureSimScaling(counts: number[], simulatedMs: number): Row[] {
  return counts.map((boards) => {
    const { wallS, replies } = simulate(boards, simulatedMs);
    const rate = simulatedMs / 1000 / wallS;
    const expected = boards * Math.floor(simulatedMs / BEAT_EVERY_MS);
    return row(
      "7b",
      `simulator, ${boards} board${boards === 1 ? "" : "s"} on one clock`,
      round(rate, 0),
      "sim s/s",
      `${round(simulatedMs / 3600000, 1)} h simulated in ${round(wallS, 2)} s; ${round(rate * boards, 0)} board-s/s; ${replies}/${expected} beats answered`,
    );
  });
}
