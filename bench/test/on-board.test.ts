// The on-board figures (bench/measure/on-board.ts), run the way a user with a board runs them,
// against the simulated esp32 behind a real pty: the process.memory() reading of item 4
// (bench/lib/board-memory.ts), its failure on a port without banken, and the save cost of item 5
// (bench/lib/board-save-cost.ts). Item 4's RAM on the real interpreter (bench/lib/espruino-ram.ts)
// runs when ESPRUINO_BIN names one, and is skipped, saying so, without it.
import assert from "node:assert/strict";
import { LineSession } from "../../host-agent/src/flash/line-session.ts";
import { startBoard, unplugAll } from "../../host-agent/test/support/board-pty.ts";
import { simBoardPerTest } from "../../host-agent/test/support/sim-board-per-test.ts";
import { espruinoBin, NO_INTERPRETER } from "../../rig/espruino/bin.ts";
import { readBoardMemory } from "../lib/board-memory.ts";
import { measureInterpreterRam } from "../lib/espruino-ram.ts";
import { readFileSync } from "node:fs";
import { builtPath } from "../lib/snapshot.ts";
import { measureSaveCost } from "../lib/board-save-cost.ts";
import { BenchSetupError } from "../lib/proc.ts";

async function request(path: string, line: string): Promise<string> {
  const session = await LineSession.open(path, 2000);
  try {
    await session.send(line);
    return (await session.waitLine((l) => /^(OK|ERR) /.test(l), 2000)) ?? "no reply";
  } finally {
    await session.close();
  }
}

describe("bench: figures read from a running banken board", function () {
  this.timeout(60000);
  const sim = simBoardPerTest("banken-bench-mem-");
  const events = sim.events;
  afterEach(() => unplugAll());

  it("reads the firmware's share, restarts it, and the board keeps its config and answers again", async () => {
    const board = await sim.start();
    assert.equal(await request(board.link, "SET warnMs=2000"), "OK SET warnMs=2000");

    const m = await readBoardMemory(board.link);
    assert.equal(m.board, "esp32");
    assert.equal(m.historyEvents, 2, "boot and the config change");
    assert.equal(m.totalVars, 16383, "the simulated ESP32's JsVars");
    // The simulator has no memory model (RAM is measured on the real interpreter): it reports an
    // empty interpreter's figure, so the program's share reads 0, never a guess.
    assert.equal(m.programVars, m.runningVars - m.emptyVars);
    assert.equal(m.programVars, 0);

    assert.equal(await request(board.link, "GET warnMs"), "OK GET warnMs=2000", "the config survived the restart");
    const boots = events.filter((e) => e.kind === "tx" && e.line.includes("!BOOT fw="));
    assert.equal(boots.length, 2, "powered on once, started again by load()");
    assert.ok(!events.some((e) => e.kind === "edge" && e.signal === "relay" && e.active), "the relay never closed");
  });

  it("says clearly that no banken firmware answers on a port with something else", async () => {
    const other = await startBoard({ fixture: "wrong-device", args: ["chatty"] });
    await assert.rejects(readBoardMemory(other.tty), (error: unknown) => error instanceof BenchSetupError && /no banken firmware answers HELLO/.test(error.message));
  });

  it("times a saving SET against STATUS and leaves the config as it was", async () => {
    const board = await sim.start();
    const c = await measureSaveCost(board.link);
    assert.ok(c.statusMs > 0 && c.saveSetMs > 0, `STATUS ${c.statusMs} ms, SET ${c.saveSetMs} ms`);
    assert.equal(c.saveMs, c.saveSetMs - c.statusMs);
    assert.equal(await request(board.link, "GET warnMs"), "OK GET warnMs=60000", "set back to the default");
    const sets = events.filter((e) => e.kind === "rx" && e.line.startsWith("SET "));
    assert.deepEqual(sets.map((e) => (e.kind === "rx" ? e.line : "")), ["SET warnMs=59999", "SET warnMs=60000"]);
    assert.match(await request(board.link, "LOG"), /^OK LOG i=0 of=3 k=config /, "boot and two config events");
  });
});

describe("bench: RAM measured on the real interpreter", function () {
  this.timeout(120000);

  it("reads the firmware's share after boot and with a full history (esp8266 bundle)", async function () {
    const bin = espruinoBin();
    if (bin === undefined) {
      this.test!.title += ` [skipped: ${NO_INTERPRETER}]`;
      this.skip();
    }
    const ram = await measureInterpreterRam(bin!, readFileSync(builtPath("firmware/esp8266.js"), "latin1"));
    assert.equal(ram.afterBoot.historyEvents, 1, "a new board: its boot event");
    assert.equal(ram.fullHistory.historyEvents, 16);
    // Hundreds of JsVars, not an empty interpreter's few; a full history holds more than one event.
    assert.ok(ram.afterBoot.programVars > 200 && ram.afterBoot.programVars < 1000, `after boot ${ram.afterBoot.programVars} JsVars`);
    assert.ok(ram.fullHistory.programVars > ram.afterBoot.programVars, `full ${ram.fullHistory.programVars}, after boot ${ram.afterBoot.programVars}`);
  });
});
