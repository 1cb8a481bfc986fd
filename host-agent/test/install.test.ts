import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { run } from "../src/commands/install.ts";
import type { InstallContext } from "../src/commands/install.ts";
import { FakeMachine } from "./ports-tree.ts";

class Sink extends Writable {
  text = "";
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function context(extra: Partial<InstallContext> = {}): InstallContext & { stdout: Sink } {
  return { stderr: new Sink(), env: { PATH: "" }, ...extra, stdout: new Sink() };
}

/** The text of the one generated file at `path` (the printed form: "# ==> path <==" then the file). */
function printed(output: string, path: string): string {
  const start = output.indexOf(`# ==> ${path} <==\n`);
  assert.ok(start >= 0, `no ${path} in:\n${output}`);
  const body = output.slice(start + `# ==> ${path} <==\n`.length);
  const end = body.search(/^# (==>|to install)/m);
  return end < 0 ? body : body.slice(0, end - 1);
}

/** Sections and key=value lines of a unit file, in order. */
function unitKeys(text: string): Record<string, string[]> {
  const sections: Record<string, string[]> = {};
  let current = "";
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) sections[(current = header[1])] = [];
    else {
      assert.match(line, /^[A-Za-z]+=\S/, `not a key=value line: ${line}`);
      sections[current].push(line);
    }
  }
  return sections;
}

describe("banken install cron", () => {
  it("prints a cron.d line that beats every minute as the chosen user, with metrics", async () => {
    const ctx = context();
    const code = await run(["cron", "--banken", "/usr/bin/banken", "--user", "watch", "--metrics-file", "/var/lib/prometheus/node-exporter/banken.prom"], ctx);
    assert.equal(code, 0);
    const text = printed(ctx.stdout.text, "/etc/cron.d/banken");
    const jobs = text.split("\n").filter((l) => l !== "" && !l.startsWith("#") && !l.includes("="));
    assert.deepEqual(jobs, ["* * * * * watch /usr/bin/banken beat --port /dev/banken --metrics-file /var/lib/prometheus/node-exporter/banken.prom"]);
    assert.ok(text.endsWith("\n"), "cron ignores a last line without newline");
    assert.match(text, /^PATH=.*\/usr\/local\/bin/m);
  });

  it("refuses a board timeout that one-minute cron cannot keep up with, unless --force", async () => {
    await assert.rejects(run(["cron", "--board-timeout", "2m"], context()), { name: "AgentError", kind: "usage", message: /too close/ });
    assert.equal(await run(["cron", "--board-timeout", "2m", "--force"], context()), 0);
    assert.equal(await run(["cron", "--board-timeout", "3m"], context()), 0);
  });

  it("finds banken in PATH for the absolute path cron needs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "banken-bin-"));
    writeFileSync(join(dir, "banken"), "#!/bin/sh\n");
    chmodSync(join(dir, "banken"), 0o755);
    const ctx = context({ env: { PATH: `relative/bin:${dir}:/usr/bin` } });
    await run(["cron"], ctx);
    assert.match(ctx.stdout.text, new RegExp(`root ${dir}/banken beat --port /dev/banken$`, "m"));
    rmSync(dir, { recursive: true });
  });
});

describe("banken install systemd", () => {
  it("prints the service (Restart=always, journald, no disarm on stop) and its shutdown and sleep hooks", async () => {
    const ctx = context();
    await run(["systemd", "--banken", "/usr/bin/banken", "--port", "/dev/serial/by-id/usb-Espressif_0001-if00"], ctx);
    const agent = unitKeys(printed(ctx.stdout.text, "/etc/systemd/system/banken.service"));
    assert.ok(agent.Service.includes("ExecStart=/usr/bin/banken run --port /dev/serial/by-id/usb-Espressif_0001-if00"));
    assert.ok(agent.Service.includes("Restart=always"));
    // The cgroup ends what a check moved out of its process group (setsid); said once.
    assert.deepEqual(agent.Service.filter((l) => l.startsWith("KillMode=")), ["KillMode=control-group"]);
    assert.ok(agent.Service.includes("StandardOutput=journal"));
    assert.ok(agent.Service.includes("ExecStartPre=-/usr/bin/banken hold off --port /dev/serial/by-id/usb-Espressif_0001-if00"));
    assert.ok(!agent.Service.some((l) => l.includes("disarm")), "stopping the agent must not disarm the board");
    // The control socket's directory (root's or the service user's only) and a stop that takes the checks' strays too.
    assert.ok(agent.Service.includes("RuntimeDirectory=banken") && agent.Service.includes("RuntimeDirectoryMode=0700"));
    assert.ok(agent.Service.includes("KillMode=control-group"));
    assert.deepEqual(agent.Install, ["WantedBy=multi-user.target"]);

    const shutdown = unitKeys(printed(ctx.stdout.text, "/etc/systemd/system/banken-shutdown.service"));
    assert.ok(shutdown.Unit.includes("Before=banken.service"), "stopped after the agent, when the port is free");
    const stop = shutdown.Service.find((l) => l.startsWith("ExecStop="));
    assert.match(stop ?? "", /poweroff.*disarm.*\|\| .*hold 24h.*else .*hold 15m/);

    const sleep = unitKeys(printed(ctx.stdout.text, "/etc/systemd/system/banken-sleep.service"));
    assert.ok(sleep.Unit.includes("Before=sleep.target") && sleep.Unit.includes("Conflicts=banken.service") && sleep.Unit.includes("StopWhenUnneeded=yes"));
    assert.ok(sleep.Service.includes("ExecStopPost=/bin/systemctl --no-block start banken.service"));
    assert.deepEqual(sleep.Install, ["WantedBy=sleep.target"]);
  });

  it("the shell in ExecStop parses (sh -n)", async () => {
    const ctx = context();
    await run(["systemd", "--banken", "/usr/bin/banken"], ctx);
    const stop = /^ExecStop=\/bin\/sh -c '(.*)'$/m.exec(printed(ctx.stdout.text, "/etc/systemd/system/banken-shutdown.service"));
    assert.ok(stop);
    assert.equal(spawnSync("sh", ["-n", "-c", stop[1]]).status, 0);
  });

  it("passes systemd-analyze verify when it is installed", async function () {
    if (spawnSync("systemd-analyze", ["--version"]).status !== 0) this.skip();
    const root = mkdtempSync(join(tmpdir(), "banken-systemd-"));
    const fakeBanken = join(root, "banken");
    writeFileSync(fakeBanken, "#!/bin/sh\n");
    chmodSync(fakeBanken, 0o755);
    await run(["systemd", "--write", "--root", root, "--banken", fakeBanken, "--user", "watch", "--metrics-file", "/tmp/banken.prom"], context());
    const dir = join(root, "etc/systemd/system");
    const units = readdirSync(dir).map((name) => join(dir, name));
    const result = spawnSync("systemd-analyze", ["verify", ...units], { encoding: "utf8" });
    rmSync(root, { recursive: true });
    assert.equal(result.stderr, "");
    assert.equal(result.status, 0);
  });

  it("refuses a path that would break a unit file or a shell line", async () => {
    await assert.rejects(run(["systemd", "--port", "/dev/my board"], context()), { name: "AgentError", kind: "usage" });
    await assert.rejects(run(["systemd", "--banken", "/opt/%n/banken"], context()), { name: "AgentError", kind: "usage" });
  });
});

describe("banken install udev", () => {
  let m: FakeMachine;
  beforeEach(() => {
    m = new FakeMachine();
    m.usbTty({ usb: "1-2", tty: "ttyUSB0", vendorId: "10c4", productId: "ea60", serial: "0001", driver: "cp210x" });
    m.usbTty({ usb: "1-3", tty: "ttyUSB1", vendorId: "1a86", productId: "7523", driver: "ch341-uart" });
    m.devLink("serial/by-id/usb-Silicon_Labs_CP2102_0001-if00-port0", "ttyUSB0");
  });
  afterEach(() => rmSync(m.root, { recursive: true, force: true }));

  it("matches a bridge with a serial number by vendor, product and serial", async () => {
    const ctx = context({ portRoots: m.roots });
    await run(["udev", "--port", join(m.roots.dev, "serial/by-id/usb-Silicon_Labs_CP2102_0001-if00-port0"), "--user", "watch"], ctx);
    const rules = printed(ctx.stdout.text, "/etc/udev/rules.d/99-banken.rules").split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    assert.deepEqual(rules, [
      'SUBSYSTEM=="tty", ATTRS{idVendor}=="10c4", ATTRS{idProduct}=="ea60", ATTRS{serial}=="0001", SYMLINK+="banken", GROUP="dialout", MODE="0660", OWNER="watch"',
    ]);
  });

  it("matches a CH340 without serial number by its USB socket", async () => {
    const ctx = context({ portRoots: m.roots });
    await run(["udev", "--port", join(m.roots.dev, "ttyUSB1"), "--group", "banken"], ctx);
    assert.match(ctx.stdout.text, /^SUBSYSTEM=="tty", ATTRS\{idVendor\}=="1a86", ATTRS\{idProduct\}=="7523", KERNELS=="1-3:1.0", SYMLINK\+="banken", GROUP="banken", MODE="0660"$/m);
  });

  it("asks for --port when there are several devices, and names a missing one", async () => {
    await assert.rejects(run(["udev"], context({ portRoots: m.roots })), { kind: "usage", message: /several devices/ });
    await assert.rejects(run(["udev", "--port", join(m.roots.dev, "ttyUSB7")], context({ portRoots: m.roots })), { kind: "device-missing" });
  });
});

describe("banken install --write", () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), "banken-root-"))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("writes the file with its mode, leaves no temporary file, and replaces an old version", async () => {
    const target = join(root, "etc/cron.d/banken");
    await run(["cron", "--write", "--root", root, "--banken", "/usr/bin/banken", "--user", "old"], context());
    const ctx = context();
    assert.equal(await run(["cron", "--write", "--root", root, "--banken", "/usr/bin/banken"], ctx), 0);
    assert.match(readFileSync(target, "utf8"), /^\* \* \* \* \* root \/usr\/bin\/banken beat/m);
    assert.equal(statSync(target).mode & 0o777, 0o644);
    assert.deepEqual(readdirSync(join(root, "etc/cron.d")), ["banken"]);
    assert.match(ctx.stdout.text, new RegExp(`^wrote ${target}$`, "m"));
  });

  it("reports an unwritable root as one clear error", async () => {
    writeFileSync(join(root, "etc"), "a file where a directory should be");
    await assert.rejects(run(["cron", "--write", "--root", root], context()), { name: "AgentError", message: /cannot write/ });
  });

  it("rejects an unknown target", async () => {
    await assert.rejects(run(["launchd"], context()), { kind: "usage" });
    await assert.rejects(run([], context()), { kind: "usage" });
  });
});
