// Observer firmware for the bench rig (issue 3). It timestamps every edge of the DUT's relay,
// power-relay and LED lines and switches the DUT's supply, talking to the HIL runner in lines.
//
// Line protocol (115200 8N1, ASCII, "\n"-terminated; a "\r" before "\n" is ignored):
//   observer → runner, unsolicited:
//     READY <id>                   sent once when the observer firmware starts
//     E <line> <level> <us>        an edge: line = relay | power | led; level = raw pin level
//                                  after the edge (0/1, NOT "pressed": the runner maps polarity
//                                  from the DUT's board file); us = observer time of the edge
//   runner → observer, one reply line each:
//     PING                  → PONG
//     TIME                  → T <us>                         the observer's time now
//     PWR 1 | PWR 0         → P <1|0> <us>                   DUT supply switched on/off at <us>
//     READ                  → L <relay> <power> <led> <us>   current raw levels of the three lines
//     anything else         → ERR <the line>
// Times (<us>) are integer microseconds since the observer started, from the edge's own interrupt
// timestamp (setWatch's e.time), printed in plain digits (no exponent) however large.
// Edges are watched on both flanks with no debounce, so contact bounce shows as several E lines.
import type { ObserverBoard } from "../../boards/types.ts";
import { portOf, takeConsole } from "../hw/console.ts";
import { drive } from "../hw/pins.ts";
import { microsText } from "./micros.ts";
import { splitLines } from "./split.ts";

type LineName = "relay" | "power" | "led";
const LINE_NAMES: LineName[] = ["relay", "power", "led"];

export function observe(board: ObserverBoard): void {
  drive(board.dutPower, false);
  const startSeconds = getTime();
  takeConsole(board);
  const port = portOf(board);
  function since(seconds: number): string {
    return microsText(seconds - startSeconds);
  }
  function level(pin: PinName): string {
    return digitalRead(pin) ? "1" : "0";
  }
  function watchLine(name: LineName): void {
    const pin = board.watch[name];
    pinMode(pin, "input");
    setWatch(function (e: WatchEvent) {
      port.write("E " + name + " " + (e.state ? "1" : "0") + " " + since(e.time) + "\n");
    }, pin, { repeat: true, edge: "both" });
  }
  function answer(line: string): string {
    const verb = line.toUpperCase();
    if (verb === "PING") return "PONG";
    if (verb === "TIME") return "T " + since(getTime());
    if (verb === "PWR 1" || verb === "PWR 0") {
      const on = verb === "PWR 1";
      drive(board.dutPower, on);
      return "P " + (on ? "1" : "0") + " " + since(getTime());
    }
    if (verb === "READ") {
      const w = board.watch;
      return "L " + level(w.relay) + " " + level(w.power) + " " + level(w.led) + " " + since(getTime());
    }
    return "ERR " + line;
  }
  for (const name of LINE_NAMES) watchLine(name);
  const reader = splitLines(function (line: string) {
    if (line.length > 0) port.write(answer(line) + "\n");
  });
  port.on("data", reader);
  port.write("READY " + board.id + "\n");
}
