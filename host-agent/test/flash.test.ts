// banken flash end to end: the real espruino CLI uploads the built bundle through a pty to the
// simulated board (sim behind socat) into a staging file, after the CONSOLE hand-off; the
// board's E.CRC32 checks it before it becomes .bootcde; then HELLO checks the new firmware.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { judgeUpload, UPLOAD_MARK } from "../src/flash/cli-output.ts";
import { uploadWithEspruinoCli } from "../src/flash/espruino-cli.ts";
import { cli } from "./support/cli.ts";
import { ESPRUINO_BIN, espruinoLinuxBoard } from "./support/espruino-linux.ts";
import { simBoardPerTest } from "./support/sim-board-per-test.ts";

const VERSION = (JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string }).version;

describe("banken flash", function () {
  this.timeout(60000);
  const sim = simBoardPerTest("banken-flash-test-");
  const events = sim.events;

  it("hands the REPL back, stages the upload, verifies it on the board, then makes it the boot code", async () => {
    const board = await sim.start();
    const result = await cli(["flash", "--board", "esp32", "--port", board.link]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /asking it for the REPL with CONSOLE/);
    assert.match(result.stdout, /verified on the board: bankenfw\.new is \d+ bytes, CRC-32 \d+/);
    assert.match(result.stdout, new RegExp(`done: banken firmware ${VERSION.replace(/\./g, "\\.")} answers`));
    const rx = events.filter((e) => e.kind === "rx").map((e) => (e.kind === "rx" ? e.line : ""));
    assert.ok(rx.some((line) => /^CONSOLE [0-9a-f]+$/.test(line)), "CONSOLE was sent");
    const staged = rx.map((line, i) => (line.includes('require("Storage").write("bankenfw.new"') ? i : -1)).filter((i) => i >= 0);
    const bootWrites = rx.map((line, i) => (line.includes('write(".bootcde"') ? i : -1)).filter((i) => i >= 0);
    assert.ok(staged.length > 10, `the CLI wrote the staging file in chunks (${staged.length})`);
    assert.equal(bootWrites.length, 1, "one copy of the staged file to .bootcde");
    assert.ok(bootWrites[0] > staged[staged.length - 1], ".bootcde is written only after the whole upload");
    const verified = rx.findIndex((line) => line.includes('read("bankenfw.new")') && line.includes("E.CRC32"));
    assert.ok(verified > staged[staged.length - 1] && verified < bootWrites[0], "the staged file was checked on the board before the copy");
    assert.ok(!rx.some((line) => line.includes('erase(".bootcde")')), "the old boot code is never erased on its own");
    const boots = events.filter((e) => e.kind === "tx" && e.line.includes("!BOOT fw="));
    assert.equal(boots.length, 2, "the board started once at power-on and once more after load()");
    assert.ok(!events.some((e) => e.kind === "edge" && e.signal === "relay" && e.active), "the relay never closed while flashing");
  });

  it("refuses a board whose HELLO names another board, before it changes anything", async () => {
    const board = await sim.start();
    const result = await cli(["flash", "--board", "pico", "--port", board.link]);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stderr, /says it is board esp32, not pico: refusing to flash it \(check --board; --force flashes anyway\)/);
    const rx = events.filter((e) => e.kind === "rx").map((e) => (e.kind === "rx" ? e.line : ""));
    assert.deepEqual(rx, ["HELLO"], "nothing but HELLO was sent");
    const status = await cli(["status", "--port", board.link]);
    assert.equal(status.code, 0, status.stderr);
  });

  it("refuses a locked board before it holds or hands anything over (unlocking is physical)", async () => {
    const board = await sim.start();
    assert.equal((await cli(["config", "set", "locked=1", "--yes", "--port", board.link])).code, 0);
    const result = await cli(["flash", "--board", "esp32", "--factory-reset", "--port", board.link]);
    assert.equal(result.code, 8, result.stdout + result.stderr);
    assert.match(result.stderr, /the board is locked \(locked=1\) and refuses CONSOLE, so it cannot be flashed over USB; unlocking takes physical access/);
    const rx = events.filter((e) => e.kind === "rx").map((e) => (e.kind === "rx" ? e.line : ""));
    assert.ok(!rx.some((line) => /^(HOLD|CONSOLE)/.test(line)), `no HOLD, no CONSOLE: ${rx.join(" | ")}`);
  });

  it("keeps the config across a flash; --factory-reset starts from defaults", async () => {
    const board = await sim.start();
    assert.equal((await cli(["config", "set", "timeoutMs=5m", "--port", board.link])).code, 0);
    const kept = await cli(["flash", "--board", "esp32", "--port", board.link]);
    assert.equal(kept.code, 0, kept.stdout + kept.stderr);
    assert.match((await cli(["config", "get", "timeoutMs", "--port", board.link])).stdout, /timeoutMs=5m/);
    const reset = await cli(["flash", "--board", "esp32", "--factory-reset", "--port", board.link]);
    assert.equal(reset.code, 0, reset.stdout + reset.stderr);
    assert.match(reset.stdout, /config and history erased \(--factory-reset\)/);
    assert.match((await cli(["config", "get", "timeoutMs", "--port", board.link])).stdout, /timeoutMs=10m/);
  });

  it("finishes the job after a cut flash left the port in the REPL (the board named by process.env.BOARD)", async () => {
    const board = await sim.start();
    const cut = await cli(["flash", "--board", "esp32", "--port", board.link, "--upload-timeout", "3s"]);
    assert.equal(cut.code, 7, cut.stdout + cut.stderr);
    assert.match(cut.stderr, /upload failed: the upload did not finish within 3000 ms \(--upload-timeout\); the old firmware is still the boot code/);
    const wrong = await cli(["flash", "--board", "pico", "--port", board.link]);
    assert.equal(wrong.code, 2, wrong.stdout + wrong.stderr);
    assert.match(wrong.stderr, /says it is board ESP32, not PICO_R1_3: refusing to flash it/);
    const again = await cli(["flash", "--board", "esp32", "--port", board.link]);
    assert.equal(again.code, 0, again.stdout + again.stderr);
    assert.match(again.stdout, /the port is already the Espruino REPL/);
    assert.match(again.stdout, new RegExp(`done: banken firmware ${VERSION.replace(/\./g, "\\.")} answers`));
  });

  it("on the real interpreter (ESPRUINO_BIN): the same, with --force (its process.env.BOARD is LINUX)", async function () {
    if (ESPRUINO_BIN === "") this.skip(); // no interpreter: reported as pending, not passed
    const board = await espruinoLinuxBoard(sim.dir(), { bundle: readFileSync(resolve(import.meta.dirname, "../../dist/firmware/esp32.js"), "latin1") });
    try {
      await board.start();
      const cut = await cli(["flash", "--board", "esp32", "--port", board.link, "--upload-timeout", "3s"]);
      assert.equal(cut.code, 7, cut.stdout + cut.stderr);
      const refused = await cli(["flash", "--board", "esp32", "--port", board.link]);
      assert.equal(refused.code, 2, refused.stdout + refused.stderr);
      assert.match(refused.stderr, /says it is board LINUX, not ESP32/);
      const again = await cli(["flash", "--board", "esp32", "--force", "--port", board.link]);
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /flashing anyway \(--force\)/);
      assert.match(again.stdout, /done: banken firmware/);
    } finally {
      await board.stop();
    }
  });

  it("fails clearly when the port does not exist", async () => {
    const result = await cli(["flash", "--board", "esp32", "--port", join(sim.dir(), "missing")]);
    assert.equal(result.code, 4);
    assert.match(result.stderr, /no device at/);
  });

  it("fails clearly when nothing on the port answers (not an Espruino)", async () => {
    const link = join(sim.dir(), "silent");
    const sink = await silentPty(link);
    try {
      const result = await cli(["flash", "--board", "esp32", "--port", link]);
      assert.equal(result.code, 7, result.stdout + result.stderr); // EXIT.protocol (no-answer)
      assert.match(result.stderr, /the Espruino REPL did not answer \(silence\); is this an Espruino board at 115200 baud\?/);
      assert.ok(!result.stderr.includes("    at "), "no stack trace");
    } finally {
      sink.kill();
    }
  });

  it("the real espruino CLI exits 0 where it could not upload; the verdict still says failed", async () => {
    const root = resolve(import.meta.dirname, "../..");
    const upload = (port: string) =>
      uploadWithEspruinoCli({ root, port, bundlePath: join(root, "dist/firmware/esp32.js"), espruinoBoard: "ESP32", env: process.env, timeoutMs: 30000 });
    const missing = await upload(join(sim.dir(), "missing"));
    assert.equal(missing.ok, false);
    assert.match(missing.problem, /could not open the port/);
    const link = join(sim.dir(), "silent");
    const sink = await silentPty(link);
    try {
      const silent = await upload(link);
      assert.equal(silent.ok, false, "\"Connected\" and \"Upload Complete\" with nobody listening");
      assert.match(silent.problem, /no Espruino answered/);
    } finally {
      sink.kill();
    }
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
  it("reads an error the board reported as a failure", () => {
    assert.equal(judgeUpload(`--] Uncaught Error: Unable to find or create file\n--] ${UPLOAD_MARK}\nUpload Complete\n`).ok, false);
  });
  it("needs 'Upload Complete' and the board's mark, and never an echoed =true (the real REPL prints none)", () => {
    assert.equal(judgeUpload(`--] ${UPLOAD_MARK}\n`).ok, false);
    assert.equal(judgeUpload("--] >=true\nUpload Complete\n").ok, false);
    assert.deepEqual(judgeUpload(`--] \n--] ${UPLOAD_MARK}\nUpload Complete\n`), { ok: true, problem: "" });
  });
});

/** A pty whose other end swallows everything and never answers, like a wrong or dead device. */
async function silentPty(link: string): Promise<{ kill(): void }> {
  const child = spawn("socat", [`pty,raw,echo=0,link=${link}`, "SYSTEM:cat >/dev/null"], { stdio: "ignore" });
  for (let waitedMs = 0; !existsSync(link); waitedMs += 20) {
    if (waitedMs > 5000) throw new Error(`socat made no ${link}`);
    await new Promise((wake) => setTimeout(wake, 20));
  }
  return { kill: () => void child.kill() };
}
