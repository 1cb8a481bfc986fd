// Refuses a board file whose pins would misbehave while the chip boots: a relay or power pin that
// is not boot-quiet for its chip (boards/chips.ts), a pull resistor on the wrong side of the relay's
// idle level, unknown or repeated pins. Pure: returns the problems as sentences.
import { CHIPS, relayPinProblem } from "../boards/chips.ts";
import type { BoardFile, InputPin, ObserverBoard, OutputPin } from "../boards/types.ts";

function relayProblems(role: string, out: OutputPin, board: { chip: keyof typeof CHIPS }): string[] {
  const chip = CHIPS[board.chip];
  const idleHigh = out.activeLow;
  const problems: string[] = [];
  const why = relayPinProblem(chip, out.pin, idleHigh);
  if (why) problems.push(`${role} pin ${out.pin} is not quiet at boot: ${why}`);
  const wanted = idleHigh ? "up" : "down";
  if (out.pull !== wanted) problems.push(`${role} pin ${out.pin} needs an external pull-${wanted} (idle is ${idleHigh ? "HIGH" : "LOW"}), the board file says "${out.pull}"`);
  return problems;
}

function knownPin(role: string, pin: string, chipId: keyof typeof CHIPS): string[] {
  const chip = CHIPS[chipId];
  const info = chip.pins[pin];
  if (!info) return [`${role} pin ${pin} is not a known pin of ${chip.name}`];
  if (info.boot === "flash") return [`${role} pin ${pin} is wired to flash/PSRAM/USB on ${chip.name}`];
  return [];
}

function uniquePins(pins: string[]): string[] {
  const seen: Record<string, boolean> = {};
  const problems: string[] = [];
  for (const pin of pins) {
    if (seen[pin]) problems.push(`pin ${pin} is used twice`);
    seen[pin] = true;
  }
  return problems;
}

/** STM32 cannot setWatch two pins with the same number (A5 and B5). */
function watchNumberClash(chipId: string, inputs: InputPin[]): string[] {
  if (chipId !== "stm32f401" || inputs.length < 2) return [];
  const numbers = inputs.map((i) => i.pin.slice(1));
  return numbers[0] === numbers[1] ? [`inputs ${inputs[0].pin} and ${inputs[1].pin} share pin number ${numbers[0]}: the STM32 cannot watch both`] : [];
}

export function checkBoard(board: BoardFile): string[] {
  const problems: string[] = [];
  if (!CHIPS[board.chip]) return [`unknown chip "${board.chip}"`];
  const outputs: [string, OutputPin][] = [["relay", board.relay], ["led", board.led]];
  if (board.power) outputs.push(["power", board.power]);
  const inputs: [string, InputPin][] = [];
  if (board.button) inputs.push(["button", board.button]);
  if (board.forceReset) inputs.push(["forceReset", board.forceReset]);
  for (const [role, out] of outputs) problems.push(...knownPin(role, out.pin, board.chip));
  for (const [role, inp] of inputs) problems.push(...knownPin(role, inp.pin, board.chip));
  problems.push(...relayProblems("relay", board.relay, board));
  if (board.power) problems.push(...relayProblems("power", board.power, board));
  problems.push(...uniquePins([...outputs.map((o) => o[1].pin), ...inputs.map((i) => i[1].pin)]));
  problems.push(...watchNumberClash(board.chip, inputs.map((i) => i[1])));
  if (!Number.isInteger(board.watchdogSeconds) || board.watchdogSeconds < 2 || board.watchdogSeconds > 60) {
    problems.push(`watchdogSeconds must be a whole number of seconds from 2 to 60, got ${board.watchdogSeconds}`);
  }
  return problems;
}

export function checkObserver(board: ObserverBoard): string[] {
  if (!CHIPS[board.chip]) return [`unknown chip "${board.chip}"`];
  const problems: string[] = [];
  const watched = [board.watch.relay, board.watch.power, board.watch.led];
  for (const pin of watched) problems.push(...knownPin("watch", pin, board.chip));
  problems.push(...knownPin("dutPower", board.dutPower.pin, board.chip));
  problems.push(...relayProblems("dutPower", board.dutPower, board));
  problems.push(...uniquePins([...watched, board.dutPower.pin]));
  return problems;
}
