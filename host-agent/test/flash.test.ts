// banken flash end to end: the real espruino CLI uploads the built bundle through a pty to the
// simulated board (hil-tests/sim behind socat), after the CONSOLE hand-off; then HELLO checks it.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { judgeUpload } from "../src/flash/cli-output.ts";
import { startSimBoard, type SimBoardProcess } from "../src/sim/launch.ts";
import type { SimEvent } from "../src/sim/events.ts";
import { assertBuilt, cli } from "./support/cli.ts";

const VERSION = (JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string }).version;

describe("banken flash", function () {
  this.timeout(60000);
  let dir: string;
  let board: SimBoardProcess | null = null;
  const events: SimEvent[] = [];

  before(() => assertBuilt());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "banken-flash-test-"));
    events.length = 0;
  });
  afterEach(async () => {
    await board?.stop();
    board = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it("hands the REPL back, uploads with the espruino CLI, and the new firmware answers HELLO", async () => {
    board = await startSimBoard({ board: "esp32", link: join(dir, "tty"), onEvent: (e) => events.push(e) });
    const result = await cli(["flash", "--board", "esp32", "--port", board.link]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /asking it for the REPL with CONSOLE/);
    assert.match(result.stdout, /Storage compacted/);
    assert.match(result.stdout, /uploading: (\d+)\/\1 KB written to \.bootcde/);
    assert.match(result.stdout, new RegExp(`done: banken firmware ${VERSION.replace(/\./g, "\\.")} answers`));
    const rx = events.filter((e) => e.kind === "rx").map((e) => (e.kind === "rx" ? e.line : ""));
    assert.ok(rx.some((line) => /^CONSOLE [0-9a-f]+$/.test(line)), "CONSOLE was sent");
    assert.ok(rx.some((line) => line.includes('require("Storage").write(".bootcde"')), "the CLI wrote .bootcde");
    const boots = events.filter((e) => e.kind === "tx" && e.line.includes("!BOOT fw="));
    assert.equal(boots.length, 2, "the board started once at power-on and once more after load()");
    assert.ok(!events.some((e) => e.kind === "edge" && e.signal === "relay" && e.active), "the relay never closed while flashing");
  });

  it("fails clearly when the port does not exist", async () => {
    const result = await cli(["flash", "--board", "esp32", "--port", join(dir, "missing")]);
    assert.equal(result.code, 4);
    assert.match(result.stderr, /no device at/);
  });

  it("refuses an unknown board", async () => {
    const result = await cli(["flash", "--board", "uno", "--port", "/dev/null"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--board must be one of/);
  });
});

describe("judgeUpload (the espruino CLI exits 0 even when it failed)", () => {
  it("reads 'Unable to connect!' as a failure", () => {
    const verdict = judgeUpload("Connecting to '/dev/ttyUSB0'\nserial: Port \"/dev/ttyUSB0\" not found\nUnable to connect!\n");
    assert.equal(verdict.ok, false);
    assert.match(verdict.problem, /could not connect/);
  });
  it("reads a Storage write that returned false as a failure", () => {
    assert.equal(judgeUpload("--] >=true\n--] >=false\nUpload Complete\n").ok, false);
  });
  it("needs 'Upload Complete' and at least one confirmed write", () => {
    assert.equal(judgeUpload("--] >=true\n").ok, false);
    assert.equal(judgeUpload("Upload Complete\n").ok, false);
    assert.deepEqual(judgeUpload("--] >=true\n--] >=true\nUpload Complete\n"), { ok: true, problem: "", chunksWritten: 2 });
  });
});
