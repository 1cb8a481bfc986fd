// Console safety. The heartbeat port is the Espruino REPL at boot: every byte the host sends would
// run as JavaScript. takeConsole() moves the REPL to LoopbackA with force (so a USB re-plug does
// not move it back) and drains LoopbackB (otherwise console output fills a 512-byte buffer);
// the firmware then reads the port's 'data' events. The protected CONSOLE command gives it back
// (firmware/hw/outputs.ts, "console").
// Serial1 is set up with flow "none": Espruino's ESP32 port enables XON/XOFF on the console UART,
// which makes the board send 0x13/0x11 into its replies when its input queue fills. (Received
// 0x11/0x13 are not swallowed by Espruino; the line reader answers them with ERR char.)
// Once the console is given back, Espruino hands the port's bytes to the REPL, not to the data
// handler (jsiIdle: console device first), so the firmware stops reading until the next start.
import type { BoardFile } from "../../boards/types.ts";

/** The part of a board file the console needs (board and observer files both have it). */
type SerialSide = Pick<BoardFile, "serial" | "baud">;

/** The heartbeat port (also the console at boot). */
export function portOf(board: SerialSide): EspruinoSerial {
  return board.serial === "USB" ? USB : Serial1;
}

/** LoopbackB's listener: ignores the console output (no parameter, no body: the cheapest function). */
function discard(): void {}

/** Moves the REPL off the heartbeat port (portOf(board)), which then carries only the protocol. */
export function takeConsole(board: SerialSide): void {
  LoopbackB.on("data", discard);
  E.setConsole(LoopbackA, { force: true });
  if (board.serial === "Serial1") Serial1.setup(board.baud, { flow: "none" });
}

/** A per-boot code (6 hex chars) that CONSOLE must present; HELLO prints it. */
export function consoleCode(): string {
  const n = (Math.floor(Math.random() * 0x1000000) ^ Math.floor(getTime() * 1000000)) & 0xffffff;
  return ("00000" + n.toString(16)).slice(-6);
}
