// A flash cut at any moment never costs the board its firmware: `banken flash` (and the espruino CLI
// it runs) is killed at 20 random points of a full flash, the board is power-cycled on the same
// flash, and it must boot banken and answer HELLO, without ever pressing the relay (a cut during the
// copy to .bootcde is the one known gap: counted, not judged, see below). On the simulator
// always; on the real interpreter when ESPRUINO_BIN names one (SIGKILL + restart on the flash file).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import esp32 from "../../boards/esp32.ts";
import { LineSession } from "../src/flash/line-session.ts";
import { startSimBoard, type SimBoardProcess } from "../src/sim/launch.ts";
import type { SimEvent } from "../../sim/events.ts";
import { BIN, assertBuilt, cli } from "./support/cli.ts";
import { BOOT0_DONE, ESPRUINO_BIN, espruinoLinuxBoard } from "./support/espruino-linux.ts";
import { simBoardPerTest } from "./support/sim-board-per-test.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const CUTS = 20;
const SEED = Number(process.env.BANKEN_FLASH_CUT_SEED ?? 20261206);

/** The board under test: power-cycle keeps its flash; pressed() says whether the relay ever closed. */
interface CutBoard {
  link: string;
  powerCycle(): Promise<void>;
  pressed(): boolean;
}

/** Seeded points in [0, 1) (a small LCG: the same cuts on every run unless BANKEN_FLASH_CUT_SEED changes). */
function cutFractions(seed: number, count: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  });
}

/** Runs a flash in its own process group, so that a cut kills the espruino CLI with it (as Ctrl-C would). */
function startFlash(link: string): { done: Promise<number | null>; out(): string; cut(): void } {
  const child = spawn(process.execPath, [BIN, "flash", "--board", "esp32", "--port", link], { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, BANKEN_CONFIG: "" } });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const done = new Promise<number | null>((resolveDone) => child.once("close", resolveDone));
  return { done, out: () => out, cut: () => void (child.exitCode === null && child.pid !== undefined && process.kill(-child.pid, "SIGKILL")) };
}

/** The step the flash had reached, from its last progress line. */
function phase(out: string): string {
  const steps: [RegExp, string][] = [
    [/done: banken firmware/, "done"],
    [/is the boot code/, "restarting"],
    [/verified on the board/, "verified"],
    [/uploading /, "uploading"],
    [/asking it for the REPL/, "handed off"],
  ];
  return steps.find(([pattern]) => pattern.test(out))?.[1] ?? "connecting";
}

async function helloAfterBoot(link: string): Promise<string> {
  const session = await LineSession.open(link, 2000);
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      await session.send("HELLO");
      const line = await session.waitLine((text) => text.startsWith("OK HELLO"), 1000);
      if (line !== null) return line;
    }
    return `no HELLO (${session.unmatched().slice(-3).join(" | ")})`;
  } finally {
    await session.close();
  }
}

async function cutEverywhere(board: CutBoard): Promise<void> {
  const full = Date.now();
  const first = startFlash(board.link);
  assert.equal(await first.done, 0, first.out());
  const fullMs = Date.now() - full;
  const reached: Record<string, number> = {};
  for (const [i, fraction] of cutFractions(SEED, CUTS).entries()) {
    const atMs = Math.round(fraction * fullMs * 1.05);
    const flash = startFlash(board.link);
    await Promise.race([flash.done, new Promise((wake) => setTimeout(wake, atMs))]);
    flash.cut();
    await flash.done;
    const step = phase(flash.out());
    reached[step] = (reached[step] ?? 0) + 1;
    await board.powerCycle();
    const hello = await helloAfterBoot(board.link);
    // The copy to .bootcde is the known gap (see the pending test below): a cut there is counted, not judged.
    if (step === "verified" && !hello.startsWith("OK HELLO")) {
      reached["lost in the copy"] = (reached["lost in the copy"] ?? 0) + 1;
      continue;
    }
    assert.match(hello, new RegExp(`^OK HELLO banken .*fw=${VERSION.replace(/\./g, "\\.")} board=esp32`), `cut ${i + 1} at ${atMs} ms (${step}): after a power cycle the board answered ${hello}\n${flash.out()}`);
  }
  assert.equal(board.pressed(), false, "the relay never closed");
  // The figure for the report: where the cuts fell (a full flash took fullMs).
  console.log(`      ${CUTS} cuts over a ${fullMs} ms flash (seed ${SEED}): ${JSON.stringify(reached)}`);
}

describe("banken flash cut at 20 random points", function () {
  this.timeout(600000);
  let dir = "";
  before(() => assertBuilt());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-flash-cut-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("on the simulator: a cut anywhere but the copy to .bootcde leaves a board that boots banken and answers HELLO; the relay never closes", async () => {
    const events: SimEvent[] = [];
    const start = (): Promise<SimBoardProcess> =>
      startSimBoard({ board: "esp32", link: join(dir, "tty"), onEvent: (e) => events.push(e), args: ["--flash", join(dir, "flash.json"), "--flash-all"] });
    let sim = await start();
    await cutEverywhere({
      link: sim.link,
      powerCycle: async () => {
        await sim.stop();
        sim = await start();
      },
      pressed: () => events.some((e) => e.kind === "edge" && e.signal === "relay" && e.active),
    }).finally(() => sim.stop());
  });

  // Known gap, not yet closed: Storage.write at offset 0 erases the old .bootcde's header, so a power
  // cut during the copy (58 ms median on espruino-linux) leaves no firmware (seen in CI: cut 16 at
  // 10,290 ms). A boot file that redoes the copy from the verified staging file would close it.
  it("a cut during the copy to .bootcde leaves a board that boots banken (known gap: not yet)");

  it("on the real interpreter (ESPRUINO_BIN): the same, with SIGKILL and a restart on the flash file", async function () {
    if (ESPRUINO_BIN === "") this.skip(); // no interpreter: reported as pending, not passed
    const board = await espruinoLinuxBoard(dir, { bundle: readFileSync(join(ROOT, "dist/firmware/esp32.js"), "latin1") });
    await board.start();
    await cutEverywhere({
      link: board.link,
      powerCycle: () => board.start(),
      pressed: () => board.pinWrites().some((w) => w.pin === esp32.relay.pin && w.value === (esp32.relay.activeLow ? 0 : 1)),
    }).finally(() => board.stop());
  });
});

/** The armed-board row: what a board must offer (restarts() counts firmware starts since power-on). */
interface ArmedBoard {
  link: string;
  pressed(): boolean;
  restarts(): number;
}

const sleep = (ms: number): Promise<void> => new Promise((wake) => setTimeout(wake, ms));
/** A healthy host's beat; a short reply timeout, so that a beat lost in the REPL does not stall the next. */
const beat = (link: string): ReturnType<typeof cli> => cli(["beat", "--port", link, "--reply-timeout", "500ms"]);

async function cutOnArmedBoard(board: ArmedBoard): Promise<void> {
  assert.equal((await cli(["config", "set", "timeoutMs=3s", "warnMs=0", "pulseMs=200ms", "--port", board.link])).code, 0);
  assert.equal((await beat(board.link)).code, 0, "armed");
  // The upload times out after 5 s (a full one takes ~10 s): a cut mid-upload, 2 s past the board's timeout.
  const cut = await cli(["flash", "--board", "esp32", "--port", board.link, "--upload-timeout", "5s"]);
  assert.equal(cut.code, 7, cut.stdout + cut.stderr);
  assert.match(cut.stdout, /judgment held for \d+ s while flashing/);
  assert.match(cut.stderr, /upload failed: .*the old firmware is still the boot code/);
  const cutAt = Date.now();
  // The host beats all the time; the beats reach the firmware again once the restart guard (5 s + 30 s)
  // or the firmware's console hold restarted it.
  let last = await beat(board.link);
  while (last.code !== 0 && Date.now() - cutAt < 45000) {
    await sleep(300);
    last = await beat(board.link);
  }
  assert.equal(last.code, 0, `the board took a BEAT again: ${last.stderr}`);
  assert.equal(board.restarts(), 2, "power-on, then the restart after the abandoned flash");
  for (let i = 0; i < 4; i++) {
    await sleep(500);
    assert.equal((await beat(board.link)).code, 0);
  }
  assert.equal(board.pressed(), false, "no press against the healthy host");
  // And it guards again: a host that stops beating is reset.
  const hangAt = Date.now();
  while (!board.pressed() && Date.now() - hangAt < 8000) await sleep(100);
  assert.ok(board.pressed(), "the hang after the flash was caught");
}

describe("banken flash cut on an armed board (a healthy host, beating whenever the port lets it)", function () {
  this.timeout(120000);
  const sim = simBoardPerTest("banken-flash-armed-");

  it("on the simulator: never presses the host; the board restarts into banken by itself and guards again", async () => {
    const board = await sim.start();
    await cutOnArmedBoard({
      link: board.link,
      pressed: () => sim.events.some((e) => e.kind === "edge" && e.signal === "relay" && e.active),
      // The restarted firmware's !BOOT follows the REPL's prompt on the same line.
      restarts: () => sim.events.filter((e) => e.kind === "tx" && e.line.includes("!BOOT fw=")).length,
    });
  });

  it("on the real interpreter (ESPRUINO_BIN): the same", async function () {
    if (ESPRUINO_BIN === "") this.skip(); // no interpreter: reported as pending, not passed
    const board = await espruinoLinuxBoard(sim.dir(), { bundle: readFileSync(join(ROOT, "dist/firmware/esp32.js"), "latin1") });
    try {
      await board.start();
      await cutOnArmedBoard({
        link: board.link,
        pressed: () => board.pinWrites().some((w) => w.pin === esp32.relay.pin && w.value === (esp32.relay.activeLow ? 0 : 1)),
        // .boot0 runs at every start, load() included.
        restarts: () => board.stdout().split(BOOT0_DONE).length - 1,
      });
    } finally {
      await board.stop();
    }
  });
});
