// Starts a simulated board (sim/tty-board.ts) behind a pty with socat, from the agent's side:
//   socat pty,raw,echo=0,link=LINK EXEC:"node dist/agent/sim-board.js --board ID"  (programs.ts)
// Anything that opens LINK (banken, screen, the espruino CLI) talks to the board as to a USB serial
// board. The board's side channel (events.ts) arrives on socat's stderr. Resolves once the board says
// "ready" (its firmware runs: bytes sent earlier would be lost, as on a booting board). stop() ends
// socat, which closes the board's stdin, and the board process exits with it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AgentError } from "../errors.ts";
import { LineSplitter } from "../serial/lines.ts";
import { parseEvent, type SimEvent } from "../../../sim/events.ts";
import { programArgs } from "./programs.ts";
import { repoRoot } from "./root.ts";

export interface SimBoardOptions {
  board: string;
  /** Where the pty's symlink goes, e.g. /tmp/banken-tty. */
  link: string;
  onEvent?: (event: SimEvent) => void;
  /** Other stderr lines (socat errors, board crashes). */
  onOther?: (line: string) => void;
  startTimeoutMs?: number;
  /** More tty-board options, e.g. ["--flash", FILE] or ["--set", "timeoutMs=2000"]. */
  args?: string[];
}

export interface SimBoardProcess {
  link: string;
  /** Resolves when socat has exited (board gone). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

export function checkSocat(): void {
  const probe = spawnSync("socat", ["-V"], { stdio: "ignore" });
  if (probe.error !== undefined) throw new AgentError("usage", "socat is not installed: the simulated board needs it (Debian/Ubuntu: sudo apt-get install socat)");
}

export async function startSimBoard(o: SimBoardOptions): Promise<SimBoardProcess> {
  checkSocat();
  const root = repoRoot();
  const bundle = join(root, "dist/firmware", `${o.board}.js`);
  if (!existsSync(bundle)) throw new AgentError("usage", `${bundle} is missing: run \`npm run build\` in the banken checkout`);
  if (existsSync(o.link)) throw new AgentError("usage", `${o.link} already exists: another simulated board is running there (or remove the stale link)`);
  const exec = [process.execPath, ...programArgs(root, "sim-board"), "--board", o.board, ...(o.args ?? [])].join(" ");
  const child: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${o.link}`, `EXEC:${exec}`], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let ready = false;
  let early = "";
  const splitter = new LineSplitter();
  child.stderr?.on("data", (chunk: Buffer) => {
    for (const line of splitter.push(chunk)) {
      const event = parseEvent(line);
      if (event !== null) o.onEvent?.(event);
      else if (line === "ready") ready = true;
      else {
        if (!ready) early += `${line}\n`;
        o.onOther?.(line);
      }
    }
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const giveUpAt = Date.now() + (o.startTimeoutMs ?? 15000);
  while (!ready || !existsSync(o.link)) {
    if (child.exitCode !== null || Date.now() > giveUpAt) {
      await stop();
      throw new AgentError("usage", `the simulated board did not start: ${early.trim() || "no output"}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { link: o.link, exited, stop };
}
