// A flash cut at any moment never costs the board its firmware. One full `banken flash` (the real
// espruino CLI included) runs against the board while the test samples the board's flash every few
// ms, as a power cut at that instant would leave it. Then it boots that flash at 20 seeded random
// moments of the flash, and at every state sampled from the staged file's check on (the repair file,
// the copy to .bootcde, the erases: the steps where a cut once left no firmware); each must boot banken
// and answer HELLO, and the relay never closes. One flash instead of one per cut: a cut costs a boot.
// On the simulator always (its flash file, written whole on every Storage write, booted on the same
// simulator in-process); on the real interpreter when ESPRUINO_BIN names one (its flash file read
// while the process is stopped, booted by the interpreter). flash-promote-cut.test.ts cuts every
// single step of the promotion, torn writes included.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import esp32 from "../../boards/esp32.ts";
import { createStandalone } from "../../sim/standalone.ts";
import { startSimBoard, type SimBoardProcess } from "../src/sim/launch.ts";
import type { SimEvent } from "../../sim/events.ts";
import { BIN, assertBuilt, cli } from "./support/cli.ts";
import { BOOT0_DONE, ESPRUINO_BIN, espruinoLinuxBoard } from "./support/espruino-linux.ts";
import { helloAfterBoot } from "./support/hello-after-boot.ts";
import { simBoardPerTest } from "./support/sim-board-per-test.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const CUTS = 20;
const SEED = Number(process.env.BANKEN_FLASH_CUT_SEED ?? 20261206);
/** How often the board's flash is sampled while the flash runs. */
const SAMPLE_EVERY_MS = 5;

/** The board under test, as a flash file: sample() is what a power cut now would leave, boot() powers that up. */
interface CutTarget<Flash> {
  link: string;
  sample(): Flash;
  same(a: Flash, b: Flash): boolean;
  /** Powers up on `flash` and asks HELLO: the reply line, or why there was none. */
  bootAndHello(flash: Flash): Promise<string>;
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

/** Runs a flash; out() is its output so far, each line with the ms since the start it arrived at. */
function startFlash(link: string): { done: Promise<number | null>; out(): string; lines: { atMs: number; line: string }[] } {
  const startedAt = Date.now();
  const child = spawn(process.execPath, [BIN, "flash", "--board", "esp32", "--port", link], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, BANKEN_CONFIG: "" } });
  let out = "";
  const lines: { atMs: number; line: string }[] = [];
  const take = (chunk: Buffer): void => {
    out += chunk.toString();
    for (const line of chunk.toString().split("\n")) if (line !== "") lines.push({ atMs: Date.now() - startedAt, line });
  };
  child.stdout.on("data", take);
  child.stderr.on("data", take);
  const done = new Promise<number | null>((resolveDone) => child.once("close", resolveDone));
  return { done, out: () => out, lines };
}

/** The step the flash had reached `atMs` into it, from its progress lines. */
function phaseAt(lines: { atMs: number; line: string }[], atMs: number): string {
  const steps: [RegExp, string][] = [
    [/done: banken firmware/, "done"],
    [/is the boot code/, "restarting"],
    [/verified on the board/, "verified/copy"],
    [/uploading /, "uploading"],
    [/asking it for the REPL/, "handed off"],
  ];
  const reached = lines.filter((l) => l.atMs <= atMs).map((l) => l.line);
  for (const [pattern, name] of steps) if (reached.some((line) => pattern.test(line))) return name;
  return "connecting";
}

const HELLO_BANKEN = new RegExp(`^OK HELLO banken .*fw=${VERSION.replace(/\./g, "\\.")} board=esp32`);

async function cutEverywhere<Flash>(target: CutTarget<Flash>): Promise<void> {
  const samples: { atMs: number; flash: Flash }[] = [{ atMs: 0, flash: target.sample() }];
  const flash = startFlash(target.link);
  const startedAt = Date.now();
  const sampler = setInterval(() => {
    const now = target.sample();
    if (!target.same(now, samples[samples.length - 1].flash)) samples.push({ atMs: Date.now() - startedAt, flash: now });
  }, SAMPLE_EVERY_MS);
  const code = await flash.done.finally(() => clearInterval(sampler));
  assert.equal(code, 0, flash.out());
  const fullMs = Date.now() - startedAt;
  const verifiedAtMs = flash.lines.find((l) => /verified on the board/.test(l.line))?.atMs ?? fullMs;
  // The flash as a cut at `atMs` leaves it: the last sample taken at or before then.
  const at = (atMs: number): Flash => samples.filter((s) => s.atMs <= atMs).slice(-1)[0].flash;
  const cuts = [
    ...cutFractions(SEED, CUTS).map((fraction) => ({ atMs: Math.round(fraction * fullMs), why: "random" })),
    ...samples.filter((s) => s.atMs >= verifiedAtMs).map((s) => ({ atMs: s.atMs, why: "promotion" })),
  ];
  const reached: Record<string, number> = {};
  for (const [i, cut] of cuts.entries()) {
    const step = phaseAt(flash.lines, cut.atMs);
    const hello = await target.bootAndHello(at(cut.atMs));
    assert.match(hello, HELLO_BANKEN, `cut ${i + 1} (${cut.why}) at ${cut.atMs} ms (${step}): after a power cut the board answered ${hello}\n${flash.out()}`);
    const key = `${cut.why} ${step}`;
    reached[key] = (reached[key] ?? 0) + 1;
  }
  assert.equal(target.pressed(), false, "the relay never closed");
  // The figures for the report: where the cuts fell (a full flash took fullMs).
  console.log(`      ${cuts.length} cuts over a ${fullMs} ms flash (seed ${SEED}; ${samples.length} flash states sampled): ${JSON.stringify(reached)}`);
}

describe("banken flash cut at 20 random points, and at every sampled state of the promotion", function () {
  this.timeout(300000);
  let dir = "";
  before(() => assertBuilt());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-flash-cut-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("on the simulator: every cut leaves a board that boots banken and answers HELLO; the relay never closes", async () => {
    const events: SimEvent[] = [];
    const flashFile = join(dir, "flash.json");
    const sim: SimBoardProcess = await startSimBoard({ board: "esp32", link: join(dir, "tty"), onEvent: (e) => events.push(e), args: ["--flash", flashFile, "--flash-all"] });
    let bootPressed = false;
    try {
      // The firmware's first state save creates the file (within its first second).
      for (let waitedMs = 0; !existsSync(flashFile); waitedMs += 20) {
        assert.ok(waitedMs < 5000, "the simulated board wrote its flash file");
        await new Promise((wake) => setTimeout(wake, 20));
      }
      await cutEverywhere<string>({
        link: sim.link,
        sample: () => readFileSync(flashFile, "latin1"),
        same: (a, b) => a === b,
        // The same simulator as behind the pty, in this process: a power-up on that flash, HELLO on its serial port.
        bootAndHello: async (flash) => {
          const board = createStandalone({ board: "esp32" });
          board.onSignal((signal, level) => void (signal === "relay" && level === 1 && (bootPressed = true)));
          board.board.flash.eraseAll();
          for (const [name, text] of Object.entries(JSON.parse(flash) as Record<string, string>)) board.board.flash.write(name, text);
          let out = "";
          board.board.onHostOutput((text) => (out += text));
          board.board.powerOn();
          board.clock.advance(3000);
          out = "";
          board.board.hostWrite("HELLO\n");
          board.clock.advance(1000);
          return out.split(/\r?\n/).find((line) => line.startsWith("OK HELLO")) ?? `no HELLO (${out.slice(-200)})`;
        },
        pressed: () => bootPressed || events.some((e) => e.kind === "edge" && e.signal === "relay" && e.active),
      });
    } finally {
      await sim.stop();
    }
  });

  it("on the real interpreter (ESPRUINO_BIN): the same, its flash file read while the process is stopped", async function () {
    if (ESPRUINO_BIN === "") this.skip(); // no interpreter: reported as pending, not passed
    const board = await espruinoLinuxBoard(dir, { bundle: readFileSync(join(ROOT, "dist/firmware/esp32.js"), "latin1") });
    await board.start();
    try {
      await cutEverywhere<Buffer>({
        link: board.link,
        sample: () => board.snapshotFlash(),
        same: (a, b) => a.equals(b),
        bootAndHello: async (flash) => {
          await board.restoreFlash(flash);
          await board.start();
          return helloAfterBoot(board.link);
        },
        pressed: () => board.pinWrites().some((w) => w.pin === esp32.relay.pin && w.value === (esp32.relay.activeLow ? 0 : 1)),
      });
    } finally {
      await board.stop();
    }
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
  // The host beats all the time; the beats reach the firmware again once the restart guard (armed for
  // the upload: 5 s + 10 s) or the firmware's console hold restarted it.
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
