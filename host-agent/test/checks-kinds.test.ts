// Each kind of health check, passing and failing, against real files, real processes and real
// sockets on 127.0.0.1. System tools whose answer depends on the machine (ping, systemctl, and
// stat where exact numbers matter) are replaced by fake programs on PATH.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../src/checks/command-runner.ts";
import { runChecks } from "../src/checks/runner.ts";
import type { CheckResult, CheckSpec } from "../src/checks/types.ts";
import { closedPort, listen, makeScratch, type Scratch } from "./checks-fixtures.ts";

describe("health check kinds", () => {
  let scratch: Scratch;
  let procDir: string;
  beforeEach(async () => {
    scratch = await makeScratch();
    procDir = join(scratch.dir, "proc");
    await mkdir(procDir);
  });
  afterEach(() => scratch.remove());

  async function run(spec: CheckSpec, env = scratch.env): Promise<CheckResult> {
    const results = await runChecks([spec], { deadlineMs: 5000, env, procDir });
    assert.equal(results.length, 1);
    assert.equal(results[0].name, spec.name);
    assert.equal(results[0].kind, spec.kind);
    assert.ok(Number.isInteger(results[0].ms) && results[0].ms >= 0);
    return results[0];
  }
  const common = { name: "it", timeoutMs: 3000 };

  describe("ping over TCP (port set)", () => {
    it("ok when something listens on the port", async () => {
      const server = await listen((_request, response) => response.end());
      try {
        const result = await run({ kind: "ping", ...common, host: "127.0.0.1", port: server.port });
        assert.equal(result.status, "ok");
        assert.match(result.detail, /127\.0\.0\.1:\d+ accepts TCP connections/);
      } finally {
        await server.close();
      }
    });
    it("fail when the connection is refused", async () => {
      const port = await closedPort();
      const result = await run({ kind: "ping", ...common, host: "127.0.0.1", port });
      assert.equal(result.status, "fail");
      assert.equal(result.detail, `127.0.0.1:${port} refused the connection (nothing listening)`);
    });
  });

  describe("ping with the system ping (no port)", () => {
    it("runs `ping -c 1 -W <seconds> host` and is ok when it exits 0", async () => {
      const argsFile = join(scratch.dir, "ping-args");
      await scratch.fakeProgram("ping", `echo "$@" > ${argsFile}\nexit 0`);
      const result = await run({ kind: "ping", ...common, timeoutMs: 2500, host: "127.0.0.1" });
      assert.deepEqual([result.status, result.detail], ["ok", "127.0.0.1 answered a ping"]);
      assert.equal((await readFile(argsFile, "utf8")).trim(), "-c 1 -W 3 127.0.0.1");
    });
    it("fail when ping exits 1 (no reply)", async () => {
      await scratch.fakeProgram("ping", "echo '1 packets transmitted, 0 received, 100% packet loss'\nexit 1");
      const result = await run({ kind: "ping", ...common, host: "127.0.0.1" });
      assert.deepEqual([result.status, result.detail], ["fail", "no reply from 127.0.0.1"]);
    });
    it("fail with ping's words for other errors", async () => {
      await scratch.fakeProgram("ping", "echo 'ping: nosuchhost: Name or service not known' >&2\nexit 2");
      const result = await run({ kind: "ping", ...common, host: "nosuchhost" });
      assert.equal(result.status, "fail");
      assert.equal(result.detail, "ping nosuchhost exited with code 2: ping: nosuchhost: Name or service not known");
    });
    it("unknown when ping is not permitted", async () => {
      await scratch.fakeProgram("ping", "echo 'ping: socktype: SOCK_RAW' >&2\necho 'ping: socket: Operation not permitted' >&2\nexit 2");
      const result = await run({ kind: "ping", ...common, host: "127.0.0.1" });
      assert.equal(result.status, "unknown");
      assert.match(result.detail, /^ping is not permitted here .*add port = N/);
    });
    it("unknown when no ping is installed", async () => {
      const result = await run({ kind: "ping", ...common, host: "127.0.0.1" }, scratch.envOnlyFakes);
      assert.equal(result.status, "unknown");
      assert.equal(result.detail, "the system ping is not installed; add port = N to check with a TCP connect instead");
    });
  });

  describe("http", () => {
    it("ok when the status is the expected one", async () => {
      const server = await listen((_request, response) => response.writeHead(204).end());
      try {
        const result = await run({ kind: "http", ...common, url: `${server.url}health`, expectStatus: [200, 204], insecure: false });
        assert.deepEqual([result.status, result.detail], ["ok", `${server.url}health answered 204`]);
      } finally {
        await server.close();
      }
    });
    it("fail on another status, naming both", async () => {
      const server = await listen((_request, response) => response.writeHead(503).end("down"));
      try {
        const result = await run({ kind: "http", ...common, url: server.url, expectStatus: [200], insecure: false });
        assert.deepEqual([result.status, result.detail], ["fail", `${server.url} answered 503 Service Unavailable (expected 200)`]);
      } finally {
        await server.close();
      }
    });
    it("fail when the connection is refused", async () => {
      const url = `http://127.0.0.1:${await closedPort()}/`;
      const result = await run({ kind: "http", ...common, url, expectStatus: [200], insecure: false });
      assert.deepEqual([result.status, result.detail], ["fail", `GET ${url} failed: connection refused (nothing listening)`]);
    });
    it("timeout when the server never answers", async () => {
      const server = await listen(() => undefined);
      try {
        const result = await run({ kind: "http", ...common, timeoutMs: 300, url: server.url, expectStatus: [200], insecure: false });
        assert.equal(result.status, "timeout");
      } finally {
        await server.close();
      }
    });
  });

  describe("https (self-signed certificate made with openssl)", () => {
    let tls: { url: string; close(): Promise<void> } | undefined;
    before(async function () {
      const dir = await mkdtemp(join(tmpdir(), "banken-tls-"));
      const made = await runCommand(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
        "-subj", "/CN=127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], 10000);
      if (made.code !== 0) {
        await rm(dir, { recursive: true, force: true });
        this.skip(); // no openssl here: reported as pending, not passed
      }
      const server = createHttpsServer({ key: await readFile(join(dir, "key.pem")), cert: await readFile(join(dir, "cert.pem")) }, (_request, response) => response.end("ok"));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      tls = {
        url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: async () => {
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
          await rm(dir, { recursive: true, force: true });
        },
      };
    });
    after(() => tls?.close());
    it("fail on a self-signed certificate, saying how to accept it", async () => {
      const url = (tls as { url: string }).url;
      const result = await run({ kind: "http", ...common, url, expectStatus: [200], insecure: false });
      assert.deepEqual([result.status, result.detail], ["fail", `GET ${url} failed: self-signed certificate (set insecure = true to accept it)`]);
    });
    it("ok with insecure = true", async () => {
      const url = (tls as { url: string }).url;
      const result = await run({ kind: "http", ...common, url, expectStatus: [200], insecure: true });
      assert.deepEqual([result.status, result.detail], ["ok", `${url} answered 200`]);
    });
  });

  describe("file", () => {
    it("ok when modified within max-age", async () => {
      const path = join(scratch.dir, "heartbeat");
      await writeFile(path, "x");
      const result = await run({ kind: "file", ...common, path, maxAgeMs: 60000 });
      assert.equal(result.status, "ok");
      assert.match(result.detail, /heartbeat changed \d+ ms ago$/);
    });
    it("fail when older than max-age, in minutes", async () => {
      const path = join(scratch.dir, "stale.log");
      await writeFile(path, "x");
      const twelveMinutesAgo = new Date(Date.now() - 12 * 60000);
      await utimes(path, twelveMinutesAgo, twelveMinutesAgo);
      const result = await run({ kind: "file", ...common, path, maxAgeMs: 300000 });
      assert.deepEqual([result.status, result.detail], ["fail", `${path} last changed 12 min ago (limit 5 min)`]);
    });
    it("fail when missing", async () => {
      const path = join(scratch.dir, "nope");
      const result = await run({ kind: "file", ...common, path, maxAgeMs: 60000 });
      assert.deepEqual([result.status, result.detail], ["fail", `${path} does not exist`]);
    });
  });

  describe("load", () => {
    beforeEach(() => writeFile(join(procDir, "loadavg"), "0.50 2.25 0.30 1/123 4567\n"));
    it("ok when every given average is at or below its maximum", async () => {
      const result = await run({ kind: "load", ...common, maxLoad1: 1, maxLoad15: 0.3 });
      assert.deepEqual([result.status, result.detail], ["ok", "load 0.5 2.25 0.3"]);
    });
    it("fail naming the average that is over", async () => {
      const result = await run({ kind: "load", ...common, maxLoad1: 1, maxLoad5: 2 });
      assert.deepEqual([result.status, result.detail], ["fail", "5-minute load 2.25 is above 2"]);
    });
    it("unknown when /proc/loadavg makes no sense", async () => {
      await writeFile(join(procDir, "loadavg"), "garbage\n");
      const result = await run({ kind: "load", ...common, maxLoad1: 1 });
      assert.equal(result.status, "unknown");
    });
    it("reads the real /proc/loadavg by default", async () => {
      const [result] = await runChecks([{ kind: "load", ...common, maxLoad1: 1e9 }], { deadlineMs: 5000 });
      assert.equal(result.status, "ok");
      assert.match(result.detail, /^load [\d.]+ [\d.]+ [\d.]+$/);
    });
  });

  describe("memory", () => {
    const meminfo = "MemTotal:        2048000 kB\nMemFree:          100000 kB\nMemAvailable:     524288 kB\nBuffers:           10000 kB\nCached:           200000 kB\n";
    beforeEach(() => writeFile(join(procDir, "meminfo"), meminfo));
    it("ok with enough MemAvailable", async () => {
      const result = await run({ kind: "memory", ...common, minAvailableBytes: 256 * 1024 ** 2 });
      assert.deepEqual([result.status, result.detail], ["ok", "512.0 MiB of memory available"]);
    });
    it("fail below min-memory", async () => {
      const result = await run({ kind: "memory", ...common, minAvailableBytes: 1024 ** 3 });
      assert.deepEqual([result.status, result.detail], ["fail", "only 512.0 MiB of memory available, need 1.0 GiB"]);
    });
    it("uses MemFree + Buffers + Cached on kernels without MemAvailable", async () => {
      await writeFile(join(procDir, "meminfo"), "MemTotal: 2048000 kB\nMemFree: 100000 kB\nBuffers: 10000 kB\nCached: 200000 kB\n");
      const result = await run({ kind: "memory", ...common, minAvailableBytes: 1024 ** 3 });
      assert.deepEqual([result.status, result.detail], ["fail", "only 302.7 MiB of memory available, need 1.0 GiB"]);
    });
  });

  describe("disk", () => {
    it("ok on the real filesystem with a small minimum", async () => {
      const result = await run({ kind: "disk", ...common, path: scratch.dir, minFreeBytes: 1 });
      assert.equal(result.status, "ok");
      assert.match(result.detail, /^[\d.]+ \w+ \([\d.]+%\) free on /);
    });
    it("fail on the real filesystem with an impossible minimum", async () => {
      const result = await run({ kind: "disk", ...common, path: scratch.dir, minFreeBytes: Number.MAX_SAFE_INTEGER });
      assert.equal(result.status, "fail");
      assert.match(result.detail, /^only .* free on .*, need 8\.0 PiB$/);
    });
    it("percentages, from statfs numbers (fake stat: 100 of 1000 blocks of 4 KiB free)", async () => {
      await scratch.fakeProgram("stat", 'echo "100 1000 4096"');
      const ok = await run({ kind: "disk", ...common, path: "/data", minFreePercent: 10 });
      assert.deepEqual([ok.status, ok.detail], ["ok", "400.0 KiB (10.0%) free on /data"]);
      const fail = await run({ kind: "disk", ...common, path: "/data", minFreePercent: 15 });
      assert.deepEqual([fail.status, fail.detail], ["fail", "only 400.0 KiB (10.0%) free on /data, need 15%"]);
    });
    it("fail when the path does not exist", async () => {
      const path = join(scratch.dir, "gone");
      const result = await run({ kind: "disk", ...common, path, minFreeBytes: 1 });
      assert.deepEqual([result.status, result.detail], ["fail", `${path} does not exist`]);
    });
  });

  describe("pidfile", () => {
    it("ok when the process is alive", async () => {
      const path = join(scratch.dir, "me.pid");
      await writeFile(path, `${process.pid}\n`);
      const result = await run({ kind: "pidfile", ...common, path });
      assert.deepEqual([result.status, result.detail], ["ok", `process ${process.pid} from ${path} is alive`]);
    });
    it("fail when the process has exited", async () => {
      const child = spawn("true");
      const pid = child.pid as number;
      await new Promise((resolve) => child.on("exit", resolve));
      const path = join(scratch.dir, "dead.pid");
      await writeFile(path, `${pid}\n`);
      const result = await run({ kind: "pidfile", ...common, path });
      assert.deepEqual([result.status, result.detail], ["fail", `process ${pid} from ${path} is not running`]);
    });
    it("fail when the file holds no pid, or is missing", async () => {
      const path = join(scratch.dir, "junk.pid");
      await writeFile(path, "hello\n");
      const junk = await run({ kind: "pidfile", ...common, path });
      assert.deepEqual([junk.status, junk.detail], ["fail", `${path} holds no pid ("hello")`]);
      const missing = await run({ kind: "pidfile", ...common, path: `${path}.nope` });
      assert.deepEqual([missing.status, missing.detail], ["fail", `${path}.nope does not exist (daemon not running?)`]);
    });
  });

  describe("systemd (fake systemctl)", () => {
    it("ok when the unit is active", async () => {
      await scratch.fakeProgram("systemctl", '[ "$1 $2 $3" = "is-active -- nginx.service" ] || exit 99\necho active');
      const result = await run({ kind: "systemd", ...common, unit: "nginx.service" });
      assert.deepEqual([result.status, result.detail], ["ok", "nginx.service is active"]);
    });
    it("fail with the unit's state", async () => {
      await scratch.fakeProgram("systemctl", "echo failed\nexit 3");
      const result = await run({ kind: "systemd", ...common, unit: "nginx.service" });
      assert.deepEqual([result.status, result.detail], ["fail", "nginx.service is failed"]);
    });
    it("unknown when systemd is not running", async () => {
      await scratch.fakeProgram("systemctl", "echo 'System has not been booted with systemd as init system (PID 1). Can'\"'\"'t operate.' >&2\necho 'Failed to connect to bus: Host is down' >&2\nexit 1");
      const result = await run({ kind: "systemd", ...common, unit: "nginx.service" });
      assert.deepEqual([result.status, result.detail], ["unknown", "cannot ask systemd about nginx.service: Failed to connect to bus: Host is down"]);
    });
    it("unknown when systemctl is not installed", async () => {
      const result = await run({ kind: "systemd", ...common, unit: "nginx.service" }, scratch.envOnlyFakes);
      assert.deepEqual([result.status, result.detail], ["unknown", "systemctl could not be started: not found"]);
    });
  });

  describe("command", () => {
    it("ok when it exits 0, arguments passed as given", async () => {
      const result = await run({ kind: "command", ...common, argv: ["sh", "-c", 'test "$1" = "two words"', "sh", "two words"] });
      assert.deepEqual([result.status, result.detail], ["ok", "sh exited with code 0"]);
    });
    it("fail with the exit code and the last line it printed", async () => {
      const result = await run({ kind: "command", ...common, argv: ["sh", "-c", "echo checking; echo 'database unreachable' >&2; exit 3"] });
      assert.deepEqual([result.status, result.detail], ["fail", "sh exited with code 3: database unreachable"]);
    });
    it("fail when killed by a signal", async () => {
      const result = await run({ kind: "command", ...common, argv: ["sh", "-c", "kill -SEGV $$"] });
      assert.deepEqual([result.status, result.detail], ["fail", "sh was killed by SIGSEGV"]);
    });
    it("unknown when the program does not exist", async () => {
      const result = await run({ kind: "command", ...common, argv: [join(scratch.dir, "no-such-program")] });
      assert.deepEqual([result.status, result.detail], ["unknown", `${join(scratch.dir, "no-such-program")} could not be started: not found`]);
    });
  });
});
