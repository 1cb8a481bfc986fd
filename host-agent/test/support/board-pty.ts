// A board process behind a real pty: `socat pty,raw,echo=0,link=<dir>/tty EXEC:"node --import tsx <program> <args>"`.
// The default board is the simulated one (sim/tty-board.ts: the built esp32 bundle in the
// virtual Espruino, in real time) with its flash in <dir>/flash.json, so a re-plug keeps it. It says
// "ready" once its firmware runs: nothing is written before, as bytes sent to a booting board are lost.
// fixtures/wrong-device.ts stands in for devices that are not banken boards.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import assert from "node:assert/strict";
import { join, resolve } from "node:path";
import { LineSplitter } from "../../src/serial/lines.ts";
import { parseEvent } from "../../../sim/events.ts";
import { cli } from "./cli.ts";
import { waitFor } from "./wait.ts";

const FIXTURES = resolve(import.meta.dirname, "../fixtures");
const TTY_BOARD = resolve(import.meta.dirname, "../../../sim/tty-board.ts");

export interface BoardPty {
  /** What the agent opens. */
  tty: string;
  /** A scratch directory for this board (flash file, state dir, configs). */
  dir: string;
  /**
   * What the board process said on stderr, relay changes in words: "ready", "relay pressed",
   * "relay released", "power pressed"... (serial lines and LED changes left out), or the
   * wrong-device fixture's own lines ("got BEAT ...").
   */
  stderr(): string;
  /** Unplug: kill socat; the pty disappears. */
  unplug(): Promise<void>;
}

export interface BoardPtyOptions {
  /** Default: the simulated esp32. */
  fixture?: "wrong-device";
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Reuse a directory (re-plug the same board with the same flash). */
  dir?: string;
}

const started: BoardPty[] = [];

/** Relay and power-relay edges as words; other side-channel events dropped; anything else as is. */
function inWords(line: string): string | null {
  const event = parseEvent(line);
  if (event === null) return line;
  if (event.kind !== "edge" || event.signal === "led") return null;
  return `${event.signal} ${event.active ? "pressed" : "released"}`;
}

export async function startBoard(options: BoardPtyOptions = {}): Promise<BoardPty> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "banken-agent-"));
  const tty = join(dir, "tty");
  const program = options.fixture === undefined ? [TTY_BOARD, "--board", "esp32", "--flash", join(dir, "flash.json")] : [join(FIXTURES, `${options.fixture}.ts`)];
  const command = ["node", "--import", "tsx", ...program, ...(options.args ?? [])].join(" ");
  const child: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${tty}`, `EXEC:${command}`], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...options.env },
  });
  let stderr = "";
  const splitter = new LineSplitter();
  child.stderr?.on("data", (chunk: Buffer) => {
    for (const line of splitter.push(chunk)) {
      const words = inWords(line);
      if (words !== null) stderr += `${words}\n`;
    }
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  await waitFor(() => stderr.includes("ready"), 10000, () => `board did not start: ${stderr}`);
  const board: BoardPty = {
    tty,
    dir,
    stderr: () => stderr,
    unplug: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
  started.push(board);
  return board;
}

/** Unplugs every board still running (mocha afterEach). */
export async function unplugAll(): Promise<void> {
  await Promise.all(started.splice(0).map((board) => board.unplug()));
}

/** The board's state as `banken status --json` reports it ("waiting", "armed", ...). */
export async function boardState(board: BoardPty): Promise<string> {
  const result = await cli(["status", "--json", "--port", board.tty]);
  assert.equal(result.code, 0, result.stderr);
  return (JSON.parse(result.stdout) as { state: string }).state;
}
