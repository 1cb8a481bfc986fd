// Bad input on the command line: each refusal names the value and what is allowed, in the user's
// units, with its own exit code, before any port is opened (no board is needed here).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONFIG_KEYS } from "../../firmware/core/config.ts";
import { EXIT } from "../src/exit-codes.ts";
import { assertBuilt, cli } from "./support/cli.ts";

/** Runs banken, expects `code` and exactly one stderr line matching `message`, nothing on stdout. */
async function refused(args: string[], code: number, message: RegExp): Promise<void> {
  const result = await cli(args);
  assert.equal(result.code, code, `banken ${args.join(" ")}: ${result.stderr}`);
  assert.equal(result.stdout, "");
  assert.equal(result.stderr.split("\n").filter((line) => line !== "").length, 1, result.stderr);
  assert.match(result.stderr, message);
}

describe("banken: bad input gets one line naming the value and the allowed range", function () {
  this.timeout(20000);
  before(assertBuilt);

  it("hold -5m and hold 25h", async () => {
    await refused(["hold", "-5m"], EXIT.usage, /^banken hold: -5m is negative; it takes a duration up to 24 h \(like 30m, 2h\), or off$/m);
    await refused(["hold", "25h"], EXIT.usage, /^banken hold: 25h is out of range; it takes a duration up to 24 h/m);
  });

  it("sim --timeout -5s, in either spelling, and --pulse 0s", async () => {
    await refused(["sim", "--timeout", "-5s"], EXIT.usage, /^banken sim: --timeout: -5s is negative; it takes 1 s to 24 h$/m);
    await refused(["sim", "--timeout=-5s"], EXIT.usage, /^banken sim: --timeout: -5s is negative; it takes 1 s to 24 h$/m);
    await refused(["sim", "--pulse", "0s"], EXIT.usage, /^banken sim: --pulse: 0s is out of range; it takes 50 ms to 60 s$/m);
  });

  it("sim --board foo says unknown board and lists the boards", async () => {
    await refused(["sim", "--board", "foo"], EXIT.usage, /^banken sim: unknown board "foo"; the boards are esp32, esp8266, pico$/m);
  });

  it("config set timeoutMs=-1 and timeoutMs=999999h", async () => {
    await refused(["config", "set", "timeoutMs=-1"], EXIT.usage, /^banken config: timeoutMs: -1 is negative; it takes 1 s to 24 h$/m);
    await refused(["config", "set", "timeoutMs=999999h"], EXIT.usage, /^banken config: timeoutMs: 999999h is out of range; it takes 1 s to 24 h$/m);
    await refused(["config", "set", "maxAttempts=500"], EXIT.usage, /^banken config: maxAttempts: 500 is out of range; it takes 1 to 100$/m);
  });

  it("config set bogus=1 lists every valid key", async () => {
    await refused(["config", "set", "bogus=1"], EXIT.usage, new RegExp(`^banken config: unknown key "bogus"; the board's keys are ${CONFIG_KEYS.join(", ")}$`, "m"));
  });

  it("config set refuses a bare number for a duration (its unit is ambiguous), but not 0 or a count", async () => {
    await refused(["config", "set", "warnMs=30"], EXIT.usage, /^banken config: warnMs=30 has no unit: say 30ms, 30s or 30m \(warnMs takes 0 to 24 h\)$/m);
    // These pass the agent's checks and only then fail for want of a board: the port error, not usage.
    const accepted = await cli(["config", "set", "warnMs=0", "maxAttempts=3", "--port", "/nonexistent/tty"]);
    assert.equal(accepted.code, EXIT.deviceMissing, accepted.stderr);
  });

  it("--port naming a plain file or /dev/null says not a serial port, with its own exit code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "banken-notserial-"));
    const file = join(dir, "passwd");
    writeFileSync(file, "root:x:0:0::/root:/bin/sh\n");
    try {
      for (const path of [file, "/dev/null", dir]) {
        await refused(["status", "--port", path, "--control", join(dir, "no-socket")], EXIT.notSerialPort, new RegExp(`^banken status: ${path.replace(/[/.]/g, "\\$&")} is not a serial port`, "m"));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    const result = await cli(["--version"]);
    assert.deepEqual([result.code, result.stdout, result.stderr], [EXIT.ok, `banken ${version}\n`, ""]);
  });
});
