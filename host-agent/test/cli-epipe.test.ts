// Every command survives a reader that went away: `banken install systemd | head -1` printed an
// EPIPE stack trace (issue 12). The reading end of the child's stdout is closed before the child has
// started, so its first write meets EPIPE; it must exit quietly with its usual code.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { COMMANDS } from "../src/commands/index.ts";
import { assertBuilt, BIN, type CliResult } from "./support/cli.ts";

function withClosedStdout(args: string[]): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, BANKEN_CONFIG: "" }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.destroy(); // the reader is gone before the first byte
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once("close", (code) => done({ code, stdout: "", stderr })));
}

describe("a closed stdout (EPIPE)", function () {
  this.timeout(60000);
  before(assertBuilt);

  it("install systemd | head -1: a quiet exit 0", async () => {
    assert.deepEqual(await withClosedStdout(["install", "systemd", "--banken", "/usr/bin/banken"]), { code: 0, stdout: "", stderr: "" });
  });

  it("help and every command's --help: a quiet exit 0", async () => {
    for (const args of [["help"], ...Object.keys(COMMANDS).map((name) => [name, "--help"])]) {
      assert.deepEqual(await withClosedStdout(args), { code: 0, stdout: "", stderr: "" }, `banken ${args.join(" ")}`);
    }
  });
});
