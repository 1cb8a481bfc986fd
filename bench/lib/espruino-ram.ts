// Item 4's RAM figures measured on the real Espruino interpreter (a Linux build: --espruino PATH or
// ESPRUINO_BIN): a bundle boots from the interpreter's flash file with Serial1 on a pty, and
// process.memory() is read through CONSOLE exactly as on a board (board-memory.ts): after boot, and
// again once the history is full (16 events: a host that stops beating until the board gives up,
// its return, then config changes). The .boot0 shim (Serial1 on the pty, pins recorded) stays
// resident, but reset() runs .boot0 again, so the "empty" reading holds it too and the difference
// is the firmware's alone. The shim must replace the pin functions even here: Linux GPIO is no
// board's, and the real setWatch/pinMode on it flood the 1,600-variable build's event queue until
// its memory runs out.
import { EspruinoBoard } from "../../rig/espruino/interpreter.ts";
import { boot0Shim } from "../../rig/espruino/shim.ts";
import { HISTORY_LENGTH } from "../../firmware/core/types.ts";
import { readBoardMemory, type BoardMemory } from "./board-memory.ts";
import { openClient } from "./board-pty.ts";
import { BenchSetupError } from "./proc.ts";

export interface InterpreterRam {
  /** process.memory().total of the build: its JsVars. */
  totalVars: number;
  afterBoot: BoardMemory;
  fullHistory: BoardMemory;
}

/** Escalation settled in a few seconds: each attempt is a short press and a 1 s boot deadline. */
const FAST_ESCALATION = ["SET timeoutMs=1000 pulseMs=50 bootTimeoutMs=1000 warnMs=0", "SET resetsBeforePower=1 powerOffMs=100 powerWaitMs=0 powerOnMs=50 maxAttempts=3"];
const GIVE_UP_LIMIT_MS = 30000;

export async function measureInterpreterRam(bin: string, bundle: string): Promise<InterpreterRam> {
  const esp = await EspruinoBoard.create({ bin });
  try {
    await esp.writeFlash({ ".boot0": boot0Shim({ serialPath: esp.serial.board }), ".bootcde": bundle });
    await esp.powerOn();
    const afterBoot = await readBoardMemory(esp.serial.host);
    await fillHistory(esp.serial.host);
    const fullHistory = await readBoardMemory(esp.serial.host);
    return { totalVars: afterBoot.totalVars, afterBoot, fullHistory };
  } finally {
    await esp.dispose();
  }
}

/** The history fills with the longest events a day can bring (presses, gave-up, back), then config events. */
export async function fillHistory(path: string): Promise<void> {
  const client = await openClient(path, 3000);
  const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
  try {
    for (const line of FAST_ESCALATION) await client.request(line);
    await client.request("BEAT");
    const giveUpBy = Date.now() + GIVE_UP_LIMIT_MS;
    while ((await client.request("STATUS")).fields.state !== "gave-up") {
      if (Date.now() > giveUpBy) throw new BenchSetupError(`the board did not give up within ${GIVE_UP_LIMIT_MS} ms`);
      await sleep(250);
    }
    await client.request("BEAT");
    await client.request("DISARM");
    for (let i = 0; Number((await client.request("LOG")).fields.of) < HISTORY_LENGTH; i++) {
      if (i > HISTORY_LENGTH) throw new BenchSetupError("the history did not fill");
      await client.request(`SET pulseMs=${60 + (i % 2)}`);
    }
  } finally {
    await client.close();
  }
}
