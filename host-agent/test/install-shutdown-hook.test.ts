// The shutdown hook's ExecStop script, run for real with `systemctl list-jobs` and `banken` stubbed:
// what it tells the board for each kind of planned shutdown. A kexec is a reboot into another
// kernel that may hang like any boot, so it must get the reboot's hold, never DISARM (issue 12).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemdPlan } from "../src/install/systemd.ts";

describe("banken-shutdown.service ExecStop", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-shutdown-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the hook with `target` as the queued job; returns the banken commands it ran. */
  function shutdownFor(target: string, disarmRefused = false): string[] {
    rmSync(join(dir, "calls"), { force: true });
    const banken = join(dir, "banken");
    writeFileSync(banken, `#!/bin/sh\necho "$*" >> ${dir}/calls\n${disarmRefused ? '[ "$1" = disarm ] && exit 8\n' : ""}exit 0\n`);
    writeFileSync(join(dir, "systemctl"), `#!/bin/sh\nprintf '%s\\n' "JOB UNIT TYPE STATE" "1 ${target} start waiting" "2 banken-shutdown.service stop running"\n`);
    chmodSync(banken, 0o755);
    chmodSync(join(dir, "systemctl"), 0o755);
    const unit = systemdPlan({ bankenPath: banken, port: "/dev/banken", group: "dialout" }).files.find((f) => f.path.endsWith("banken-shutdown.service"));
    const script = /^ExecStop=\/bin\/sh -c '(.*)'$/m.exec(unit?.text ?? "")?.[1];
    assert.ok(script !== undefined);
    const result = spawnSync("sh", ["-c", script], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    return readFileSync(join(dir, "calls"), "utf8").trim().split("\n");
  }

  it("reboot and kexec: a 15-minute hold", () => {
    assert.deepEqual(shutdownFor("reboot.target"), ["hold 15m --port /dev/banken"]);
    assert.deepEqual(shutdownFor("kexec.target"), ["hold 15m --port /dev/banken"]);
  });

  it("poweroff and halt: DISARM, or a 24-hour hold when a locked board refuses it", () => {
    assert.deepEqual(shutdownFor("poweroff.target"), ["disarm --port /dev/banken"]);
    assert.deepEqual(shutdownFor("halt.target", true), ["disarm --port /dev/banken", "hold 24h --port /dev/banken"]);
  });
});
