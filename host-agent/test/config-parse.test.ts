// The config file: every field read into AgentConfig, the defaults, and every error pointing at
// the line it is on (validation errors found by the key scanner, syntax errors by smol-toml).

import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConfigError, DEFAULT_CHECK_DEADLINE_MS, DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_CONFIG_PATH, DEFAULT_DEVICE,
  DEFAULT_REPAIR_TIMEOUT_MS, DEFAULT_WARN_HOOK_TIMEOUT_MS, loadAgentConfig, parseAgentConfig,
} from "../src/config/index.ts";

/** Parses `text`, expecting a ConfigError; returns it. */
function configError(text: string): ConfigError {
  try {
    parseAgentConfig(text, "banken.toml");
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail("expected a ConfigError");
}

/** One [[checks]] table after two lines of preamble: its keys start on line 4. */
function oneCheck(body: string): string {
  return `device = "/dev/ttyUSB0"\n\n[[checks]]\n${body}\n`;
}

describe("config file", () => {
  it("reads every field", () => {
    const config = parseAgentConfig(`
device = "/dev/serial/by-id/usb-banken"
interval = "1m"
check-deadline = "30s"
max-parallel = 4
metrics-file = "/var/lib/node_exporter/banken.prom"
state-dir = "/var/lib/banken"

[repair]
command = ["/usr/local/sbin/fix-network", "--hard"]
timeout = "2m"

[warn-hook]
command = "/usr/local/sbin/save-state"

[[checks]]
name = "gateway"
kind = "ping"
host = "192.168.1.1"
timeout = "5s"

[[checks]]
name = "ssh"
kind = "ping"
host = "127.0.0.1"
port = 22

[[checks]]
kind = "http"
url = "https://127.0.0.1:8443/health"
status = [200, 204]
insecure = true

[[checks]]
kind = "file"
path = "/var/log/syslog"
max-age = "1h30m"

[[checks]]
kind = "load"
max-load-1 = 24
max-load-15 = 8.5

[[checks]]
kind = "memory"
min-memory = "256MiB"

[[checks]]
kind = "disk"
path = "/var"
min-free = "10%"

[[checks]]
kind = "disk"
min-free = "2G"

[[checks]]
kind = "pidfile"
path = "/run/sshd.pid"

[[checks]]
kind = "systemd"
unit = "nginx.service"

[[checks]]
kind = "command"
command = "/usr/local/bin/app-healthy"
args = ["--quiet"]
timeout = 2500
`, "banken.toml");
    const common = { timeoutMs: DEFAULT_CHECK_TIMEOUT_MS };
    assert.deepEqual(config, {
      device: "/dev/serial/by-id/usb-banken",
      interval: 60000,
      checkDeadlineMs: 30000,
      maxParallel: 4,
      metricsFile: "/var/lib/node_exporter/banken.prom",
      stateDir: "/var/lib/banken",
      repair: { command: ["/usr/local/sbin/fix-network", "--hard"], timeoutMs: 120000 },
      warnHook: { command: ["/usr/local/sbin/save-state"], timeoutMs: DEFAULT_WARN_HOOK_TIMEOUT_MS },
      checks: [
        { kind: "ping", name: "gateway", timeoutMs: 5000, host: "192.168.1.1" },
        { kind: "ping", name: "ssh", ...common, host: "127.0.0.1", port: 22 },
        { kind: "http", name: "http-2", ...common, url: "https://127.0.0.1:8443/health", expectStatus: [200, 204], insecure: true },
        { kind: "file", name: "file-3", ...common, path: "/var/log/syslog", maxAgeMs: 5400000 },
        { kind: "load", name: "load-4", ...common, maxLoad1: 24, maxLoad15: 8.5 },
        { kind: "memory", name: "memory-5", ...common, minAvailableBytes: 256 * 1024 ** 2 },
        { kind: "disk", name: "disk-6", ...common, path: "/var", minFreePercent: 10 },
        { kind: "disk", name: "disk-7", ...common, path: "/", minFreeBytes: 2 * 1024 ** 3 },
        { kind: "pidfile", name: "pidfile-8", ...common, path: "/run/sshd.pid" },
        { kind: "systemd", name: "systemd-9", ...common, unit: "nginx.service" },
        { kind: "command", name: "command-10", timeoutMs: 2500, argv: ["/usr/local/bin/app-healthy", "--quiet"] },
      ],
    });
  });

  it("an empty file is a valid config with the defaults", () => {
    assert.deepEqual(parseAgentConfig("", "banken.toml"), { device: DEFAULT_DEVICE, checkDeadlineMs: DEFAULT_CHECK_DEADLINE_MS, maxParallel: 8, checks: [] });
    assert.equal(DEFAULT_CONFIG_PATH, "/etc/banken/banken.toml");
    assert.equal(DEFAULT_DEVICE, "/dev/banken");
  });

  it("defaults: repair timeout, http status 200, disk path /", () => {
    const config = parseAgentConfig(`[repair]\ncommand = ["/sbin/fix"]\n[[checks]]\nkind = "http"\nurl = "http://127.0.0.1/"\n[[checks]]\nkind = "disk"\nmin-free = 1000\n`, "x.toml");
    assert.equal(config.repair?.timeoutMs, DEFAULT_REPAIR_TIMEOUT_MS);
    assert.deepEqual(config.checks.map((check) => check.kind === "http" ? check.expectStatus : check.kind === "disk" ? [check.path, check.minFreeBytes] : undefined), [[200], ["/", 1000]]);
  });

  it("command as an array keeps its arguments", () => {
    const config = parseAgentConfig(oneCheck(`kind = "command"\ncommand = ["sh", "-c", "exit 0"]`), "x.toml");
    assert.deepEqual(config.checks[0], { kind: "command", name: "command-0", timeoutMs: DEFAULT_CHECK_TIMEOUT_MS, argv: ["sh", "-c", "exit 0"] });
  });

  it("a check without its own timeout inherits a short check-deadline instead of being refused", () => {
    const config = parseAgentConfig(`check-deadline = "5s"\n[[checks]]\nkind = "load"\nmax-load-1 = 1\n[[checks]]\nkind = "load"\nmax-load-1 = 1\ntimeout = "2s"\n`, "x.toml");
    assert.deepEqual(config.checks.map((check) => check.timeoutMs), [5000, 2000]);
    const roomy = parseAgentConfig(`check-deadline = "30s"\n[[checks]]\nkind = "load"\nmax-load-1 = 1\n`, "x.toml");
    assert.equal(roomy.checks[0].timeoutMs, DEFAULT_CHECK_TIMEOUT_MS);
  });

  describe("validation errors name the file, the line and the key", () => {
    const cases: Array<[string, string, string]> = [
      ["a bad duration",
        oneCheck(`kind = "ping"\nhost = "10.0.0.1"\ntimeout = "soon"`),
        'banken.toml:6: checks[0].timeout: expected a duration like "10s", "2m", "500ms" or an integer of milliseconds'],
      ["a zero duration", `interval = 0\n`, "banken.toml:1: interval: expected a duration"],
      ["an unknown top-level key", `device = "/dev/x"\n# comment\ntimeot = "5s"\n`, "banken.toml:3: timeot: unknown key (known here:"],
      ["an unknown key in a check", oneCheck(`kind = "file"\npath = "/x"\nmax-age = "1m"\nhost = "a"`), "banken.toml:7: checks[0].host: unknown key (known here: kind, max-age, name, path, timeout)"],
      ["an unknown kind", oneCheck(`kind = "temperature"`), 'banken.toml:4: checks[0].kind: unknown kind "temperature" (one of ping, http, file, load, memory, disk, pidfile, systemd, command)'],
      ["a missing kind: the table's header line", oneCheck(`host = "a"`), 'banken.toml:3: checks[0].kind: missing (e.g. kind = "ping")'],
      ["a missing host", oneCheck(`kind = "ping"`), 'banken.toml:3: checks[0].host: missing (e.g. host = "192.168.1.1")'],
      ["a host that reads as an option", oneCheck(`kind = "ping"\nhost = "-f"`), "banken.toml:5: checks[0].host: expected a host name or address"],
      ["a port out of range", oneCheck(`kind = "ping"\nhost = "a"\nport = 70000`), "banken.toml:6: checks[0].port: expected an integer from 1 to 65535"],
      ["a URL that is not http", oneCheck(`kind = "http"\nurl = "ftp://x/"`), "banken.toml:5: checks[0].url: expected an http:// or https:// URL"],
      ["a status out of range", oneCheck(`kind = "http"\nurl = "http://x/"\nstatus = [200, 1000]`), "banken.toml:6: checks[0].status: expected an integer from 100 to 599, or an array of them"],
      ["insecure not a boolean", oneCheck(`kind = "http"\nurl = "http://x/"\ninsecure = "yes"`), "banken.toml:6: checks[0].insecure: expected true or false"],
      ["a missing max-age", oneCheck(`kind = "file"\npath = "/x"`), 'banken.toml:3: checks[0].max-age: missing (e.g. max-age = "5m"'],
      ["a load check without limits", oneCheck(`kind = "load"`), "banken.toml:3: checks[0]: a load check needs at least one of max-load-1, max-load-5, max-load-15"],
      ["a negative load", oneCheck(`kind = "load"\nmax-load-5 = -1`), "banken.toml:5: checks[0].max-load-5: expected a positive number"],
      ["a bad size", oneCheck(`kind = "memory"\nmin-memory = "lots"`), 'banken.toml:5: checks[0].min-memory: expected a size like "512MiB", "2G" or an integer of bytes'],
      ["a percentage where none is allowed", oneCheck(`kind = "memory"\nmin-memory = "10%"`), "banken.toml:5: checks[0].min-memory: expected a size"],
      ["a percentage out of range", oneCheck(`kind = "disk"\nmin-free = "100%"`), 'banken.toml:5: checks[0].min-free: expected a percentage between 0% and 100%, like "10%"'],
      ["an empty string", oneCheck(`kind = "pidfile"\npath = ""`), "banken.toml:5: checks[0].path: expected a non-empty string"],
      ["a missing unit", oneCheck(`kind = "systemd"`), 'banken.toml:3: checks[0].unit: missing (e.g. unit = "nginx.service")'],
      ["a command of numbers", oneCheck(`kind = "command"\ncommand = [1, 2]`), 'banken.toml:5: checks[0].command: expected a program path or an array like ["/usr/local/bin/check", "--quiet"]'],
      ["args twice", oneCheck(`kind = "command"\ncommand = ["a", "b"]\nargs = ["c"]`), "banken.toml:6: checks[0].args: give the arguments either in the command array or in args, not both"],
      ["args not strings", oneCheck(`kind = "command"\ncommand = "a"\nargs = [1]`), "banken.toml:6: checks[0].args: expected an array of strings"],
      ["duplicate names, at the second one",
        `[[checks]]\nname = "gw"\nkind = "load"\nmax-load-1 = 1\n\n[[checks]]\nkind = "load"\nname = "gw"\nmax-load-1 = 2\n`,
        'banken.toml:8: checks[1].name: another check is already named "gw"'],
      ["a check timeout beyond the deadline",
        `check-deadline = "10s"\n[[checks]]\nkind = "load"\nmax-load-1 = 1\n[[checks]]\nkind = "load"\nmax-load-1 = 1\ntimeout = "15s"\n`,
        "banken.toml:8: checks[1].timeout: the check's timeout (15 s) is longer than check-deadline (10 s)"],
      ["a deadline not below the interval", `interval = "20s"\ncheck-deadline = "20s"\n`, "banken.toml:2: check-deadline: the checks' deadline (20 s) must be shorter than the interval (20 s)"],
      ["an interval below the default deadline", `\ninterval = "10s"\n`, "banken.toml:2: interval: the checks' deadline (20 s) must be shorter than the interval (10 s)"],
      ["a repair table without command", `[repair]\ntimeout = "1m"\n`, 'banken.toml:1: repair.command: missing (e.g. command = ["/usr/local/sbin/fix-network"])'],
      ["an unknown key in warn-hook", `[warn-hook]\ncommand = "/x"\nwhen = "now"\n`, "banken.toml:3: warn-hook.when: unknown key (known here: command, timeout)"],
      ["repair not a table", `repair = "/sbin/fix"\n`, "banken.toml:1: repair: expected a table ([repair])"],
      ["checks not tables", `checks = 3\n`, "banken.toml:1: checks: expected tables, each starting with [[checks]]"],
      ["device not a string", `device = 3\n`, "banken.toml:1: device: expected a non-empty string"],
      ["the third of three checks", `${"[[checks]]\nkind = \"load\"\nmax-load-1 = 1\n\n".repeat(2)}[[checks]]\nkind = "load"\n# why\nmax-load-1 = 1\ntimeout = "1y"\n`,
        "banken.toml:13: checks[2].timeout: expected a duration"],
    ];
    for (const [what, text, expected] of cases) {
      it(what, () => {
        const error = configError(text);
        assert.ok(error.message.startsWith(expected), `got:      ${error.message}\nexpected: ${expected}…`);
        assert.equal(error.file, "banken.toml");
        assert.equal(error.line, Number(expected.split(":")[1]));
        assert.equal(error.code, "CONFIG");
        assert.equal(error.message, `banken.toml:${error.line}: ${error.key === undefined ? "" : `${error.key}: `}${error.reason}`);
      });
    }
  });

  it("keys inside inline tables fall back to the enclosing key's line", () => {
    const error = configError(`device = "/dev/x"\nchecks = [\n  { kind = "load" },\n]\n`);
    assert.equal(error.message, "banken.toml:2: checks[0]: a load check needs at least one of max-load-1, max-load-5, max-load-15");
  });

  it("multi-line strings and arrays do not confuse the line finder", () => {
    const text = `[[checks]]\nkind = "command"\ncommand = [\n  "sh",\n  "-c",\n  """\nname = "not a key"\n""",\n]\nname = "x"\ntimeout = "never"\n`;
    assert.equal(configError(text).message.split(": ")[0], "banken.toml:11");
  });

  describe("TOML syntax errors carry line and column", () => {
    it("an unterminated array", () => {
      const error = configError(`device = "/dev/x"\n[[checks]]\nkind = "load"\nmax-load-1 = [1,\n`);
      assert.equal(error.key, undefined);
      assert.equal(error.line, 5);
      assert.match(error.message, /^banken\.toml:5:\d+: TOML syntax error: /);
    });
    it("a bare word value, with its column", () => {
      const error = configError(`device = "/dev/x"\ninterval = 10s\n`);
      assert.deepEqual([error.line, error.column], [2, 14]); // at the "s" that makes 10s no number
      assert.equal(error.message, "banken.toml:2:14: TOML syntax error: illegal character in numeric literal");
      assert.ok(!error.message.includes("\n"), "one line, no code block");
    });
    it("a key given twice", () => {
      const error = configError(`device = "/dev/a"\n\ndevice = "/dev/b"\n`);
      assert.equal(error.line, 3);
    });
  });

  describe("loadAgentConfig", () => {
    let dir: string;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), "banken-config-"));
    });
    after(() => rm(dir, { recursive: true, force: true }));

    it("reads a file and names it in errors", async () => {
      const path = join(dir, "good.toml");
      await writeFile(path, `device = "/dev/ttyACM0"\n`);
      assert.equal((await loadAgentConfig(path)).device, "/dev/ttyACM0");
      const bad = join(dir, "bad.toml");
      await writeFile(bad, `device = "/dev/ttyACM0"\nbogus = 1\n`);
      await assert.rejects(loadAgentConfig(bad), (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${bad}:2: bogus: unknown key`));
    });
    it("a missing file is a ConfigError, not a stack trace", async () => {
      const path = join(dir, "missing.toml");
      await assert.rejects(loadAgentConfig(path), (error: unknown) =>
        error instanceof ConfigError && error.message === `${path}: cannot read the config file: no such file` && error.line === undefined);
    });
    it("a directory is a ConfigError", async () => {
      await assert.rejects(loadAgentConfig(dir), (error: unknown) => error instanceof ConfigError && error.message === `${dir}: cannot read the config file: is a directory`);
    });
  });
});
