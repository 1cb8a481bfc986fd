// The fact `banken flash` is built on, pinned on the simulator and (with ESPRUINO_BIN) on the real
// interpreter: a REPL line that starts with DLE (0x10), as the espruino CLI sends every line, is not
// echoed and its value is not printed (no `=true` after a Storage.write); print() output and errors
// still are. A flash that waited for echoed results reported every real upload as failed. And ESC [ 2 H
// erases a half-typed line (the flasher's way to clear what a cut upload left, instead of Ctrl-C).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LineSession } from "../src/flash/line-session.ts";
import { startSimBoard, type SimBoardProcess } from "../src/sim/launch.ts";
import { ESPRUINO_BIN, espruinoLinuxBoard, type EspruinoLinuxBoard } from "./support/espruino-linux.ts";

const BUNDLE = resolve(import.meta.dirname, "../../dist/firmware/esp32.js");

/** HELLO, then CONSOLE with its code: the port is the REPL from here on. */
async function replOn(link: string): Promise<LineSession> {
  const session = await LineSession.open(link, 2000);
  let hello: string | null = null;
  for (let attempt = 0; attempt < 5 && hello === null; attempt++) {
    await session.send("HELLO");
    hello = await session.waitLine((line) => line.startsWith("OK HELLO"), 1000);
  }
  const code = /console=(\S+)/.exec(hello ?? "")?.[1];
  assert.ok(code !== undefined, `HELLO answered: ${hello}`);
  await session.send(`CONSOLE ${code}`);
  assert.ok((await session.waitLine((line) => line.startsWith("OK CONSOLE"), 2000)) !== null, "OK CONSOLE");
  return session;
}

async function echoOffFacts(link: string): Promise<void> {
  const session = await replOn(link);
  try {
    await session.send(`\x10require("Storage").write("dle-test","abc")`);
    await session.send(`\x106*7`);
    await session.send(`\x10print("dle"+"-printed")`);
    assert.ok((await session.waitLine((line) => line.includes("dle-printed"), 3000)) !== null, "print() output arrives");
    assert.deepEqual(
      session.unmatched().filter((line) => /=|6\*7|Storage/.test(line)),
      [],
      "no echo and no =value for DLE lines",
    );
    await session.send(`\x10undefinedName()`);
    assert.ok((await session.waitLine((line) => /Uncaught ReferenceError/.test(line), 3000)) !== null, "errors are printed");
    // ESC [ 2 H erases a half-typed line (what a cut upload leaves), without Ctrl-C.
    await session.send(`\x10print("half"+`);
    await session.send(`\x1b[2H\x10print("whole"+"-line")`);
    assert.ok((await session.waitLine((line) => line.includes("whole-line"), 3000)) !== null, "the half line was erased");
    await session.send(`6*7`);
    assert.ok((await session.waitLine((line) => line.includes("=42"), 3000)) !== null, "a line without DLE prints its value");
    await session.send(`\x10print("written "+require("Storage").read("dle-test"))`);
    assert.ok((await session.waitLine((line) => line.includes("written abc"), 3000)) !== null, "the silent write happened");
  } finally {
    await session.close();
  }
}

describe("the REPL's echo-off lines (DLE), as banken flash relies on", function () {
  this.timeout(30000);
  let dir = "";
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-dle-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("on the simulator: no echo, no =value; print() and errors still show", async () => {
    const board: SimBoardProcess = await startSimBoard({ board: "esp32", link: join(dir, "tty") });
    try {
      await echoOffFacts(board.link);
    } finally {
      await board.stop();
    }
  });

  it("on the real interpreter (ESPRUINO_BIN): the same", async function () {
    if (ESPRUINO_BIN === "") this.skip(); // no interpreter: reported as pending, not passed
    const board: EspruinoLinuxBoard = await espruinoLinuxBoard(dir, { bundle: readFileSync(BUNDLE, "latin1") });
    try {
      await board.start();
      await echoOffFacts(board.link);
    } finally {
      await board.stop();
    }
  });
});
