// banken doctor against a simulated board on a pty and a temporary /etc and /dev tree (--root).
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { startSimBoard, type SimBoardProcess } from "../src/sim/launch.ts";
import { configureSimBoard } from "../src/sim/configure.ts";
import { checkAccess, checkScheduler, checkStablePath } from "../src/doctor/checks.ts";
import { BoardPort } from "../src/serial/port.ts";
import { assertBuilt, cli } from "./support/cli.ts";

function config(dir: string, interval: string, command: string): string {
  const path = join(dir, "banken.toml");
  writeFileSync(path, `interval = "${interval}"\ncheck-deadline = "5s"\n[[checks]]\nname = "app"\nkind = "command"\ncommand = ["${command}"]\ntimeout = "2s"\n`);
  return path;
}

/** A fake filesystem root holding `files` (path under the root → content), with dev/banken linked to `board`. */
function fakeRoot(root: string, board: string, files: Record<string, string>): string {
  mkdirSync(join(root, "dev"), { recursive: true });
  symlinkSync(board, join(root, "dev/banken"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
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
    const root = fakeRoot(join(dir, "good"), board.link, {
      "etc/udev/rules.d/99-banken.rules": "# rule\n",
      "etc/cron.d/banken": "* * * * * root banken beat\n",
    });
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
    assert.match(result.stdout, /\[FAIL\] udev rule: .* is missing\n {7}fix: sudo banken install udev/);
    assert.match(result.stdout, /\[FAIL\] stable device path: no .*dev\/banken, the fixed name the udev rule gives the board; the kernel's name .* can become another/);
    assert.match(result.stdout, /5 problem\(s\) to fix/);
  });

  it("with the service installed, a port held by the running agent is a warning, not a failure", async () => {
    const root = fakeRoot(join(dir, "service"), board.link, {
      "etc/systemd/system/banken.service": "[Service]\n",
      "etc/udev/rules.d/99-banken.rules": "# rule\n",
    });
    const held = await BoardPort.open(board.link, { lockWaitMs: 0 });
    try {
      const withService = await cli(["doctor", "--port", board.link, "--root", root, "--config", config(dir, "1m", "/bin/true")]);
      assert.equal(withService.code, 0, withService.stdout + withService.stderr);
      assert.match(withService.stdout, /\[warn\] a banken board answers: .* is held by the running agent[\s\S]*fix: .*systemctl stop banken/);
      rmSync(join(root, "etc/systemd/system/banken.service"));
      mkdirSync(join(root, "etc/cron.d"));
      writeFileSync(join(root, "etc/cron.d/banken"), "* * * * * root banken beat\n");
      const without = await cli(["doctor", "--port", board.link, "--root", root, "--config", config(dir, "1m", "/bin/true")]);
      assert.equal(without.code, 3, without.stdout + without.stderr);
      assert.match(without.stdout, /\[FAIL\] a banken board answers: .*in use by another program[\s\S]*fix: another program holds the port/);
    } finally {
      await held.close();
    }
  });

  it("reports a missing board without blaming permissions, and a broken config with its own exit code", async () => {
    const bad = join(dir, "bad.toml");
    writeFileSync(bad, "interval = \n");
    const result = await cli(["doctor", "--port", join(dir, "nothing"), "--root", dir, "--config", bad]);
    assert.equal(result.code, 2, "a config that does not load is exit 2 (config error), not 3 (checks failed)");
    assert.match(result.stdout, /\[FAIL\] serial device: no .*nothing: no board plugged in, or the board has another name\n {7}fix: plug the board in/);
    assert.doesNotMatch(result.stdout, /permission/);
    assert.match(result.stdout, /\[FAIL\] config: .*bad\.toml:1/);
    assert.match(result.stdout, /\[warn\] health checks: not run: the config file did not load/);
    assert.doesNotMatch(result.stdout, /\[ok {2}\] health checks/);
  });

  it("without a config, a missing board is still exit 3 (a problem to fix), not the config error's 2", async () => {
    const result = await cli(["doctor", "--port", join(dir, "nothing"), "--root", dir]);
    assert.equal(result.code, 3, result.stdout + result.stderr);
  });
});

describe("banken doctor checks", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-doctor-unit-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("checks the serial device's group: not a member fails with the usermod fix, a member passes", () => {
    const device = join(dir, "ttyUSB0");
    writeFileSync(device, "");
    chmodSync(device, 0o660);
    const { uid, gid } = statSync(device);
    const stranger = { uid: uid + 1000, groups: [gid + 1000], groupName: () => "dialout" };
    const outsider = checkAccess(device, stranger);
    assert.equal(outsider.verdict, "fail");
    assert.match(outsider.detail, /belongs to group dialout and you are not in it/);
    assert.match(outsider.fix, /sudo usermod -aG dialout \$USER/);
    assert.equal(checkAccess(device, { ...stranger, groups: [gid] }).verdict, "ok");
    chmodSync(device, 0o600);
    assert.equal(checkAccess(device, { ...stranger, groups: [gid] }).verdict, "fail", "the group may not write");
    assert.equal(checkAccess(join(dir, "missing"), stranger).verdict, "fail");
  });

  it("accepts a by-path name without /dev/banken, with the udev rule only recommended", () => {
    const findings = checkStablePath(dir, "/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0");
    assert.deepEqual(findings.map((f) => f.verdict), ["warn", "ok"]);
  });

  it("fails when both a cron line and the systemd unit would beat", () => {
    mkdirSync(join(dir, "etc/cron.d"), { recursive: true });
    mkdirSync(join(dir, "etc/systemd/system"), { recursive: true });
    writeFileSync(join(dir, "etc/cron.d/banken"), "");
    writeFileSync(join(dir, "etc/systemd/system/banken.service"), "");
    const finding = checkScheduler(dir);
    assert.equal(finding.verdict, "fail");
    assert.match(finding.fix, /keep one/);
  });
});
