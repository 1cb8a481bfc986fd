// banken doctor against a simulated board on a pty and a temporary /etc and /dev tree (--root).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimBoard, type SimBoardProcess } from "../src/sim/launch.ts";
import { configureSimBoard } from "../src/sim/configure.ts";
import { assertBuilt, cli } from "./support/cli.ts";

function config(dir: string, interval: string, command: string): string {
  const path = join(dir, "banken.toml");
  writeFileSync(path, `interval = "${interval}"\ncheck-deadline = "5s"\n[[checks]]\nname = "app"\nkind = "command"\ncommand = ["${command}"]\ntimeout = "2s"\n`);
  return path;
}

describe("banken doctor", function () {
  this.timeout(30000);
  let dir: string;
  let board: SimBoardProcess;
  before(async () => {
    assertBuilt();
    dir = mkdtempSync(join(tmpdir(), "banken-doctor-test-"));
    board = await startSimBoard({ board: "esp32", link: join(dir, "tty") });
    await configureSimBoard(board.link, {});
  });
  after(async () => {
    await board.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("passes a complete setup: board answers with this version, udev rule and /dev/banken, config, cron, checks", async () => {
    const root = join(dir, "good");
    mkdirSync(join(root, "etc/udev/rules.d"), { recursive: true });
    mkdirSync(join(root, "etc/cron.d"), { recursive: true });
    mkdirSync(join(root, "dev"), { recursive: true });
    writeFileSync(join(root, "etc/udev/rules.d/99-banken.rules"), "# rule\n");
    writeFileSync(join(root, "etc/cron.d/banken"), "* * * * * root banken beat\n");
    symlinkSync(board.link, join(root, "dev/banken"));
    const result = await cli(["doctor", "--port", board.link, "--root", root, "--config", config(dir, "1m", "/bin/true")]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /\[ok {2}\] a banken board answers: board esp32/);
    assert.match(result.stdout, /\[ok {2}\] firmware version: 0\.1\.0, same as this checkout/);
    assert.match(result.stdout, /\[ok {2}\] interval: 1m against the board's timeout of 10m/);
    assert.match(result.stdout, /\[ok {2}\] health checks: all 1 pass right now/);
    assert.match(result.stdout, /all good/);
  });

  it("explains every problem with its fix and exits 3", async () => {
    const root = join(dir, "empty");
    mkdirSync(root);
    const result = await cli(["doctor", "--port", board.link, "--root", root, "--config", config(dir, "6m", "/bin/false")]);
    assert.equal(result.code, 3, result.stdout + result.stderr);
    assert.match(result.stdout, /\[FAIL\] interval: .*not comfortably below[\s\S]*fix: lower `interval`/);
    assert.match(result.stdout, /\[FAIL\] heartbeat schedule: neither[\s\S]*fix: sudo banken install systemd --write/);
    assert.match(result.stdout, /\[FAIL\] health checks: app[\s\S]*fix: until these pass/);
    assert.match(result.stdout, /\[warn\] udev rule: .* is missing\n {7}fix: sudo banken install udev/);
    assert.match(result.stdout, /3 problem\(s\) to fix/);
  });

  it("reports a missing board and a config error", async () => {
    const bad = join(dir, "bad.toml");
    writeFileSync(bad, "interval = \n");
    const result = await cli(["doctor", "--port", join(dir, "nothing"), "--root", dir, "--config", bad]);
    assert.equal(result.code, 3);
    assert.match(result.stdout, /\[FAIL\] permission on the serial device: .* does not exist\n {7}fix: plug the board in/);
    assert.match(result.stdout, /\[FAIL\] config: .*bad\.toml:1/);
  });
});
