// A board process (fixtures/core-board.ts or fixtures/wrong-device.ts) behind a real pty:
// `socat pty,raw,echo=0,link=<dir>/tty EXEC:"node --import tsx <fixture> <args>"`.
// The fixture prints "ready" on stderr once it reads; socat passes its stderr through to us.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { waitFor } from "./wait.ts";

const FIXTURES = resolve(import.meta.dirname, "../fixtures");

export interface BoardPty {
  /** What the agent opens. */
  tty: string;
  /** A scratch directory for this board (flash file, state dir, configs). */
  dir: string;
  /** Everything the board process wrote on stderr ("ready", "relay pressed", "got BEAT ..."). */
  stderr(): string;
  /** Unplug: kill socat; the pty disappears. */
  unplug(): Promise<void>;
}

export interface BoardPtyOptions {
  fixture: "core-board" | "wrong-device";
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Reuse a directory (re-plug the same board with the same flash). */
  dir?: string;
}

const started: BoardPty[] = [];

export async function startBoard(options: BoardPtyOptions): Promise<BoardPty> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "banken-agent-"));
  const tty = join(dir, "tty");
  const command = ["node", "--import", "tsx", join(FIXTURES, `${options.fixture}.ts`), ...(options.args ?? [])].join(" ");
  const child: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${tty}`, `EXEC:${command}`], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, BOARD_FLASH: join(dir, "flash.json"), ...options.env },
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  await waitFor(() => stderr.includes("ready"), 10000, () => `board fixture did not start: ${stderr}`);
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
