// banken flash end to end: the real espruino CLI uploads the built bundle through a pty to the
// simulated board (hil-tests/sim behind socat), after the CONSOLE hand-off; then HELLO checks it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { judgeUpload } from "../src/flash/cli-output.ts";
import { uploadWithEspruinoCli } from "../src/flash/espruino-cli.ts";
import { cli } from "./support/cli.ts";
import { simBoardPerTest } from "./support/sim-board-per-test.ts";

const VERSION = (JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string }).version;

describe("banken flash", function () {
  this.timeout(60000);
  const sim = simBoardPerTest("banken-flash-test-");
  const events = sim.events;

  it("hands the REPL back, uploads with the espruino CLI, and the new firmware answers HELLO", async () => {
    const board = await sim.start();
    const result = await cli(["flash", "--board", "esp32", "--port", board.link]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /asking it for the REPL with CONSOLE/);
    assert.match(result.stdout, /Storage compacted/);
    assert.match(result.stdout, /uploading: (\d+)\/\1 KB written to \.bootcde/);
    assert.match(result.stdout, new RegExp(`done: banken firmware ${VERSION.replace(/\./g, "\\.")} answers`));
    const rx = events.filter((e) => e.kind === "rx").map((e) => (e.kind === "rx" ? e.line : ""));
    assert.ok(rx.some((line) => /^CONSOLE [0-9a-f]+$/.test(line)), "CONSOLE was sent");
    const compacted = rx.findIndex((line) => line.includes('require("Storage").compact()'));
    const firstWrite = rx.findIndex((line) => line.includes('require("Storage").write(".bootcde"'));
    assert.ok(firstWrite >= 0, "the CLI wrote .bootcde");
    assert.ok(compacted >= 0 && compacted < firstWrite, "the old boot code was erased and Storage compacted before the first write");
    assert.match(rx[compacted], /erase\("\.bootcde"\).*compact\(\)/);
    const boots = events.filter((e) => e.kind === "tx" && e.line.includes("!BOOT fw="));
    assert.equal(boots.length, 2, "the board started once at power-on and once more after load()");
    assert.ok(!events.some((e) => e.kind === "edge" && e.signal === "relay" && e.active), "the relay never closed while flashing");
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
      uploadWithEspruinoCli({ root, port, bundlePath: join(root, "dist/firmware/esp32.js"), bundleBytes: 2048, espruinoBoard: "ESP32", env: process.env, timeoutMs: 30000, progress: () => {} });
    const missing = await upload(join(sim.dir(), "missing"));
    assert.equal(missing.ok, false);
    assert.match(missing.problem, /could not open the port/);
    const link = join(sim.dir(), "silent");
    const sink = await silentPty(link);
    try {
      const silent = await upload(link);
      assert.equal(silent.ok, false, "\"Connected\" and \"Upload Complete\" with nobody listening");
      assert.match(silent.problem, /no board confirmed a Storage write/);
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
  it("reads a Storage write that returned false as a failure", () => {
    assert.equal(judgeUpload("--] >=true\n--] >=false\nUpload Complete\n").ok, false);
  });
  it("needs 'Upload Complete' and at least one confirmed write", () => {
    assert.equal(judgeUpload("--] >=true\n").ok, false);
    assert.equal(judgeUpload("Upload Complete\n").ok, false);
    assert.deepEqual(judgeUpload("--] >=true\n--] >=true\nUpload Complete\n"), { ok: true, problem: "", chunksWritten: 2 });
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
