// The real Espruino interpreter (a Linux build named by ESPRUINO_BIN) as a board on a pty, for the
// agent's tests, on the HIL launcher (rig/espruino/interpreter.ts): its flash file in a scratch
// directory, Serial1 on a pty pair whose host end (`link`) the agent opens, pin writes recorded by the
// .boot0 shim on the interpreter's stdout. kill() is a power cut; start() the next power-up.
import { espruinoBin, NO_INTERPRETER } from "../../../rig/espruino/bin.ts";
import { EspruinoBoard } from "../../../rig/espruino/interpreter.ts";
import { boot0Shim } from "../../../rig/espruino/shim.ts";

export const ESPRUINO_BIN = espruinoBin() ?? "";
export { NO_INTERPRETER };

export interface PinWrite {
  pin: string;
  value: number;
}

export interface EspruinoLinuxBoard {
  /** The agent's end of the pty pair. */
  link: string;
  /** Power-up (after a power cut if it runs): .boot0, then .bootcde, as a board does. */
  start(): Promise<void>;
  /** Power cut (SIGKILL): the flash file stays exactly as it was. */
  kill(): Promise<void>;
  /** Every pin write the shim saw since the board was made (across restarts). */
  pinWrites(): PinWrite[];
  /** The interpreter's console output (not shim records) since the last start. */
  stdout(): string;
  stop(): Promise<void>;
}

/** Printed by .boot0 at every start, load() included: start() waits for it. */
export const BOOT0_DONE = "banken-test boot0 done";

/**
 * Makes the flash file (.boot0, and .bootcde when a bundle is given) in `dir`.
 * replOnSerial1: the REPL on the pty (a board with no firmware, or one whose console was handed back).
 */
export async function espruinoLinuxBoard(dir: string, opts: { bundle?: string; replOnSerial1?: boolean }): Promise<EspruinoLinuxBoard> {
  const board = await EspruinoBoard.create({ bin: ESPRUINO_BIN, dir });
  const extra = [opts.replOnSerial1 === true ? `Serial1.setup(115200);E.setConsole(Serial1,{force:true});` : "", `USB.write(${JSON.stringify(`${BOOT0_DONE}\n`)});`].join("\n");
  const files: Record<string, string> = { ".boot0": boot0Shim({ serialPath: board.serial.board, extra }) };
  if (opts.bundle !== undefined) files[".bootcde"] = opts.bundle;
  await board.writeFlash(files);
  const writes: PinWrite[] = [];
  let out = "";
  board.onRecord((r) => {
    if (r.kind === "write") writes.push({ pin: r.pin, value: r.level });
  });
  board.onOutput((line) => (out += `${line}\n`));
  return {
    link: board.serial.host,
    pinWrites: () => [...writes],
    stdout: () => out,
    kill: () => board.powerOff(),
    async start() {
      await board.powerOff();
      out = "";
      await board.powerOn();
      for (let waitedMs = 0; !out.includes(BOOT0_DONE); waitedMs += 10) {
        if (waitedMs > 10000 || !board.running) throw new Error(`the interpreter did not run .boot0: ${out.slice(-300)}`);
        await new Promise((wake) => setTimeout(wake, 10));
      }
    },
    stop: () => board.dispose(),
  };
}
