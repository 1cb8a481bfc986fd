// A simulated banken board behind a real pty, for the agent measurements. Two kinds:
// - "sim": sim/tty-board.ts, the built firmware bundle in the simulator's virtual
//   Espruino, paced to the wall clock (what a real board runs, with its serial chunking);
// - "core": host-agent/test/fixtures/core-board.ts, the pure firmware core on stdin/stdout with a
//   real monotonic clock (no interpreter model, no pacing tick).
// A preload (record-input.ts) appends every byte the board process receives to a log, so missed
// heartbeats are counted from what the board actually got. (A `tee` in front of the board does
// not work: node sets the shared socket non-blocking and tee dies on EAGAIN.)
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BoardPort } from "../../host-agent/src/serial/port.ts";
import { BoardClient } from "../../host-agent/src/protocol/client.ts";
import { BenchSetupError } from "./proc.ts";
import { builtPath } from "./snapshot.ts";

const REPO = resolve(import.meta.dirname, "..", "..");
const BOARD_PROGRAMS = {
  sim: () => `sim/tty-board.ts --board esp32 --quiet --bundle ${builtPath("firmware/esp32.js")}`,
  core: () => "host-agent/test/fixtures/core-board.ts",
};
const RECORD_INPUT = join(REPO, "bench/lib/record-input.ts");

export type BoardKind = keyof typeof BOARD_PROGRAMS;

export interface BenchBoard {
  kind: BoardKind;
  tty: string;
  dir: string;
  /** Lines the board received from the host so far. */
  received(): string[];
  stop(): Promise<void>;
}

/** $BENCH_BOARD if set; else "sim" when the real-time simulated board and the esp32 bundle exist, else "core". */
export function defaultBoardKind(): BoardKind {
  const wanted = process.env.BENCH_BOARD;
  if (wanted === "sim" || wanted === "core") return wanted;
  if (wanted !== undefined && wanted !== "") throw new BenchSetupError(`BENCH_BOARD must be "sim" or "core", not "${wanted}"`);
  return existsSync(join(REPO, "sim/tty-board.ts")) && existsSync(builtPath("firmware/esp32.js")) ? "sim" : "core";
}

export async function startBoard(kind: BoardKind): Promise<BenchBoard> {
  if (!existsSync("/usr/bin/socat")) throw new BenchSetupError("socat is missing: apt-get install -y socat");
  const dir = mkdtempSync(join(tmpdir(), "banken-bench-board-"));
  const tty = join(dir, "tty");
  const log = join(dir, "received.log");
  const command = `node --import tsx --import ${RECORD_INPUT} ${join(REPO, BOARD_PROGRAMS[kind]())}`;
  const child: ChildProcess = spawn("socat", [`pty,raw,echo=0,link=${tty}`, `EXEC:${command}`], {
    cwd: REPO,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, BOARD_FLASH: join(dir, "flash.json"), BENCH_RECEIVED_LOG: log },
    detached: true,
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const board: BenchBoard = {
    kind,
    tty,
    dir,
    received: () => (existsSync(log) ? readFileSync(log, "latin1").split("\n").filter((l) => l !== "") : []),
    stop: async () => {
      // socat and the board process share one process group (detached above).
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
  const startedAt = Date.now();
  while (!stderr.includes("ready")) {
    if (child.exitCode !== null || Date.now() - startedAt > 15000) {
      await board.stop();
      throw new BenchSetupError(`the ${kind} bench board did not start: ${stderr.trim() || "(no output)"}`);
    }
    await new Promise((done) => setTimeout(done, 20));
  }
  await untilAnswering(board);
  return board;
}

/** "ready" comes once the firmware runs (the core fixture: once it reads); STATUS proves it answers. */
async function untilAnswering(board: BenchBoard): Promise<void> {
  const giveUpAt = Date.now() + 10000;
  for (;;) {
    const client = await openClient(board.tty, 500);
    try {
      await client.request("STATUS");
      return;
    } catch (error) {
      if (Date.now() > giveUpAt) {
        await board.stop();
        throw new BenchSetupError(`the ${board.kind} bench board does not answer STATUS: ${(error as Error).message}`);
      }
    } finally {
      await client.close();
    }
  }
}

/** The agent's own serial stack (lock, HUPCL off, line reader, request/reply). */
export async function openClient(tty: string, replyTimeoutMs: number): Promise<BoardClient> {
  const port = await BoardPort.open(tty, { lockWaitMs: 2000 });
  return new BoardClient(port, { replyTimeoutMs });
}
