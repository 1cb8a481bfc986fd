// tty-board.ts as a real process: stdin/stdout are the board's serial port, edges go to a file.
// Real time, so it runs at --speed 20 and waits on output, never on fixed sleeps.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { distPath } from "../../sim/dist.ts";

const SCRIPT = fileURLToPath(new URL("../../sim/tty-board.ts", import.meta.url));

function start(args: string[]): { child: ChildProcessWithoutNullStreams; waitFor: (re: RegExp, ms: number) => Promise<string> } {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, ...args]);
  let out = "";
  child.stdout.setEncoding("latin1");
  child.stdout.on("data", (d: string) => (out += d));
  const waitFor = (re: RegExp, ms: number): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.stdout.off("data", check);
        reject(new Error(`no ${re} within ${ms} ms; output so far: ${JSON.stringify(out)}`));
      }, ms);
      const check = (): void => {
        const m = re.exec(out);
        if (m) {
          clearTimeout(timer);
          child.stdout.off("data", check);
          resolve(m[0]);
        }
      };
      child.stdout.on("data", check);
      check();
    });
  return { child, waitFor };
}

function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.stdin.end();
  });
}

describe("sim: tty-board (one board in real time on stdin/stdout)", function () {
  this.timeout(30000);
  before(function () {
    if (!existsSync(distPath("firmware/esp32.js"))) this.skip();
  });

  it("boots, answers HELLO, and presses reset after the preset timeout (edges in the side file)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tty-board-"));
    const edges = join(dir, "edges.txt");
    const { child, waitFor } = start(["--board", "esp32", "--speed", "20", "--set", "timeoutMs=4000", "--set", "warnMs=1000", "--set", "pulseMs=500", "--edges", edges]);
    try {
      await waitFor(/!BOOT[^\n]*\n/, 10000);
      child.stdin.write("HELLO\n");
      assert.match(await waitFor(/OK HELLO[^\n]*\n/, 5000), /board=esp32/);
      child.stdin.write("BEAT\n");
      await waitFor(/OK BEAT[^\n]*\n/, 5000);
      await waitFor(/!ACT reset[^\n]*\n/, 10000);
      await waitFor(/!ACT reset n=2[^\n]*\n/, 10000);
      const lines = readFileSync(edges, "utf8").trim().split("\n");
      assert.ok(lines.some((l) => / relay 1$/.test(l)), lines.join("\n"));
    } finally {
      await stop(child);
    }
  });

  it("a bad option is one line on stderr and exit code 2", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", SCRIPT, "--set", "timeoutMs=5"], { encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim(), "tty-board: config out of range: timeoutMs=1000..86400000");
  });
});
