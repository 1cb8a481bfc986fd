// The real Espruino interpreter (a Linux build named by ESPRUINO_BIN) as a board on a pty, for the
// agent's tests: its flash file in a scratch directory, Serial1 on one end of a socat pty pair, the
// other end at `link` for the agent. SIGKILL is a power cut; start() again is the next power-up on the
// same flash. The .boot0 shim logs the pin writes on the interpreter's stdout, never on the port.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const ESPRUINO_BIN = process.env.ESPRUINO_BIN ?? "";

export interface PinWrite {
  pin: string;
  value: number;
}

export interface EspruinoLinuxBoard {
  /** The agent's end of the pty pair. */
  link: string;
  /** Power-up: runs .boot0 and .bootcde from the flash file, as a board does. */
  start(): Promise<void>;
  /** Power cut (SIGKILL): the flash file stays exactly as it was. */
  kill(): Promise<void>;
  /** Every digitalWrite the shim saw since the board was made (across restarts). */
  pinWrites(): PinWrite[];
  /** The interpreter's own console (stdout) since the last start. */
  stdout(): string;
  stop(): Promise<void>;
}

/** .boot0: Serial1 on the pty (the firmware's own setup keeps the path); pin writes logged on stdout. */
function shim(devicePath: string, replOnSerial1: boolean): string {
  return [
    `var __setup=Serial1.setup;Serial1.setup=function(b,o){o=o||{};o.path=${JSON.stringify(devicePath)};__setup.call(Serial1,b,o);};`,
    `var __dw=digitalWrite;global.digitalWrite=function(p,v){USB.write("pin "+p+" "+(v?1:0)+"\\n");__dw(p,v);};`,
    replOnSerial1 ? `Serial1.setup(115200);E.setConsole(Serial1,{force:true});` : "",
    `USB.write("banken-test boot0 done\\n");`,
  ].join("\n");
}

/**
 * Makes the flash file (.boot0, and .bootcde when a bundle is given) with one interpreter run.
 * replOnSerial1: the REPL on the pty (a board with no firmware, or one whose console was handed back).
 */
export async function espruinoLinuxBoard(dir: string, opts: { bundle?: string; replOnSerial1?: boolean }): Promise<EspruinoLinuxBoard> {
  const boardEnd = join(dir, "board-end");
  const link = join(dir, "tty");
  const socat = spawn("socat", [`pty,raw,echo=0,link=${boardEnd}`, `pty,raw,echo=0,link=${link}`], { stdio: "ignore" });
  await until(() => existsSync(boardEnd) && existsSync(link), "socat made no pty pair");
  const writes = [`require("Storage").write(".boot0",${JSON.stringify(shim(boardEnd, opts.replOnSerial1 === true))});`];
  if (opts.bundle !== undefined) writes.push(`require("Storage").write(".bootcde",${JSON.stringify(opts.bundle)});`);
  writeFileSync(join(dir, "make-flash.js"), `${writes.join("\n")}\nquit();\n`);
  const made = spawnSync(ESPRUINO_BIN, ["make-flash.js"], { cwd: dir, encoding: "utf8", timeout: 20000 });
  if (made.status !== 0) throw new Error(`${ESPRUINO_BIN} could not write the flash file: ${made.stdout.slice(-300)}`);

  let child: ChildProcess | null = null;
  let out = "";
  const writesSeen: PinWrite[] = [];
  let logged = "";
  const kill = async (): Promise<void> => {
    const running = child;
    child = null;
    if (running === null || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  return {
    link,
    pinWrites: () => [...writesSeen],
    stdout: () => out,
    kill,
    async start() {
      await kill();
      out = "";
      // stdin stays an open pipe: at EOF the interpreter's input thread floods its event queue.
      const started = spawn(ESPRUINO_BIN, [], { cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
      child = started;
      started.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("latin1");
        logged += chunk.toString("latin1");
        for (let nl = logged.indexOf("\n"); nl >= 0; nl = logged.indexOf("\n")) {
          const hit = /^pin (\S+) ([01])/.exec(logged.slice(0, nl));
          if (hit !== null) writesSeen.push({ pin: hit[1], value: Number(hit[2]) });
          logged = logged.slice(nl + 1);
        }
      });
      await until(() => out.includes("banken-test boot0 done") || started.exitCode !== null, "the interpreter did not run .boot0");
      if (started.exitCode !== null) throw new Error(`${ESPRUINO_BIN} exited at start: ${out.slice(-300)}`);
    },
    async stop() {
      await kill();
      socat.kill();
    },
  };
}

async function until(done: () => boolean, failure: string, limitMs = 10000): Promise<void> {
  for (let waitedMs = 0; !done(); waitedMs += 10) {
    if (waitedMs > limitMs) throw new Error(failure);
    await new Promise((wake) => setTimeout(wake, 10));
  }
}
