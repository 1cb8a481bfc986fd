// The service's control socket end to end: the real `banken run` on a simulated board behind a pty,
// and the real commands going through its socket. Same output and exit codes as on a free port; a
// fallback to the port when no service runs or its socket is stale; and the service keeps the
// board fed while clients misbehave.
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { join } from "node:path";
import { assertBuilt, cli, startCli, type CliResult, type CliRun } from "./support/cli.ts";
import { startBoard, unplugAll, type BoardPty } from "./support/board-pty.ts";
import { waitFor } from "./support/wait.ts";

const running: CliRun[] = [];

/** `banken run` on the board with its socket at `socket`; resolves once it has the board and its socket. */
async function startService(board: BoardPty, socket: string, extra: string[] = []): Promise<CliRun> {
  const service = startCli(["run", "--port", board.tty, "--control", socket, "--state-dir", board.dir, ...extra]);
  running.push(service);
  // Both lines: the board open, and the socket listening (or why not).
  await waitFor(() => service.stdout().includes("connected:") && /control socket/.test(service.stdout() + service.stderr()), 10000, () => service.stdout() + service.stderr());
  return service;
}

async function stopService(service: CliRun, signal: NodeJS.Signals = "SIGTERM"): Promise<CliResult> {
  service.child.kill(signal);
  return service.done;
}

/** A raw client of the socket: what it receives, line by line. */
function rawClient(path: string): Promise<{ socket: Socket; lines: string[]; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    const lines: string[] = [];
    let closed = false;
    let pending = "";
    socket.on("data", (chunk) => {
      pending += chunk.toString();
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      lines.push(...parts);
    });
    socket.on("close", () => (closed = true));
    socket.once("connect", () => resolve({ socket, lines, closed: () => closed }));
    socket.once("error", reject);
  });
}

/** Asks the service for the board's state until `ms` have passed: armed every time, and never a press. */
async function armedThroughout(board: BoardPty, socket: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const result = await cli(["status", "--json", "--port", board.tty, "--control", socket]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as { state: string }).state, "armed");
  }
  assert.doesNotMatch(board.stderr(), /relay pressed/);
}

describe("banken run's control socket (through a pty)", function () {
  this.timeout(60000);
  before(assertBuilt);
  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => (service.child.exitCode === null ? stopService(service, "SIGKILL") : service.done)));
    await unplugAll();
  });

  it("hold, status, log, config, arm, disarm and test give the same output and exit codes through the service as on a free port", async () => {
    const direct = await startBoard();
    const served = await startBoard();
    const socket = join(served.dir, "control.sock");
    // A check that always fails: the service holds the port but never beats, so both boards see the same requests.
    const config = join(served.dir, "banken.toml");
    writeFileSync(config, `interval = "1s"\ncheck-deadline = "500ms"\n[[checks]]\nkind = "command"\nname = "never"\ncommand = ["false"]\ntimeout = "500ms"\n`);
    const service = await startService(served, socket, ["--config", config]);
    const blocked = await cli(["status", "--port", served.tty, "--control", join(served.dir, "none.sock")]);
    assert.equal(blocked.code, 5, "without the socket the port is busy, as before");
    const steps = [
      ["hold", "2h"], ["status"], ["config", "get"], ["config", "set", "timeoutMs=1h", "warnMs=2m"], ["config", "get", "timeoutMs"],
      ["config", "set", "pulseMs=10ms"], ["config", "set", "warnMs=2h"], ["config", "set", "nosuchKey=1"], ["hold", "25h"], ["hold", "off"], ["arm"], ["disarm"], ["test", "led"],
      ["test", "relay"], ["config", "set", "pulseMs=50ms"], ["test", "relay", "--yes"], ["log"], ["status", "--json"], ["status"],
    ];
    for (const step of steps) {
      const viaPort = await cli([...step, "--port", direct.tty, "--control", join(direct.dir, "none.sock")]);
      const viaService = await cli([...step, "--port", served.tty, "--control", socket]);
      // Uptimes and "N s ago" (or "just now") differ between the two boards; everything else must not.
      const same = (r: CliResult, tty: string): CliResult => {
        const times = (s: string): string => s.replace(/just now|\d+ (ms|s|min|h|days?) ago/g, "AGO").replace(/\d+/g, "#");
        const text = (s: string): string => (step[0] === "status" || step[0] === "log" ? times(s.replaceAll(tty, "TTY")) : s.replaceAll(tty, "TTY"));
        return { code: r.code, stdout: text(r.stdout), stderr: text(r.stderr) };
      };
      assert.deepEqual(same(viaService, served.tty), same(viaPort, direct.tty), `banken ${step.join(" ")}`);
      if (step[1] === "--yes") {
        await waitFor(() => /relay pressed\nrelay released/.test(served.stderr()), 5000, () => served.stderr());
        await waitFor(() => /relay pressed\nrelay released/.test(direct.stderr()), 5000, () => direct.stderr());
      }
    }
    assert.match(service.stdout(), /passed on HOLD 7200000: OK HOLD hold=7200000 state=holding/);
    assert.equal(service.child.exitCode, null, "the service still runs");
    assert.equal((await stopService(service)).code, 0);
    assert.ok(!existsSync(socket), "a stopped service removes its socket");
  });

  it("falls back to the port when no service runs, and when a killed service left its socket file", async () => {
    const board = await startBoard();
    const socket = join(board.dir, "control.sock");
    const none = await cli(["hold", "2h", "--port", board.tty, "--control", socket]);
    assert.deepEqual([none.code, none.stderr], [0, ""]);
    const killed = await startService(board, socket);
    await stopService(killed, "SIGKILL");
    assert.ok(existsSync(socket), "SIGKILL leaves the socket file behind");
    const stale = await cli(["hold", "30m", "--port", board.tty, "--control", socket]);
    assert.deepEqual([stale.code, stale.stdout, stale.stderr], [0, "holding for 30 min: no reset until then, or until banken hold off\n", ""]);
    // The next service removes the stale file and serves again.
    const service = await startService(board, socket);
    const off = await cli(["hold", "off", "--port", board.tty, "--control", socket]);
    assert.equal(off.code, 0, off.stderr);
    assert.match(service.stdout(), /passed on HOLD 0/);
  });

  it("a hung service costs a command its wait, then the port's answer (busy), not a hang", async () => {
    const board = await startBoard();
    const socket = join(board.dir, "control.sock");
    const service = await startService(board, socket);
    service.child.kill("SIGSTOP");
    try {
      const result = await cli(["hold", "2h", "--port", board.tty, "--control", socket, "--lock-wait", "0", "--reply-timeout", "300ms"]);
      assert.equal(result.code, 5);
      assert.match(result.stderr, /in use by another program.*control socket .*: no answer from the service at .* within 300 ms\)$/m);
    } finally {
      service.child.kill("SIGCONT");
    }
    assert.equal((await cli(["hold", "off", "--port", board.tty, "--control", socket])).code, 0, "served again once it runs");
  });

  it("lets another board's command use the port, and a second service keeps beating without the socket", async () => {
    const first = await startBoard();
    const second = await startBoard();
    const socket = join(first.dir, "control.sock");
    const service = await startService(first, socket);
    const other = await cli(["arm", "--port", second.tty, "--control", socket]);
    assert.deepEqual([other.code, other.stderr], [0, ""], "a service for another board passes the command to the port");
    assert.doesNotMatch(service.stdout(), /passed on ARM/);
    const rival = await startService(second, socket);
    assert.match(rival.stderr(), /no control socket: another banken run already listens on/);
    assert.equal((await cli(["status", "--port", first.tty, "--control", socket])).code, 0, "the first service still serves");
  });

  it("refuses a socket directory that others can write, at both ends, and keeps guarding", async () => {
    const board = await startBoard();
    const open = join(board.dir, "open");
    mkdirSync(open);
    chmodSync(open, 0o777);
    const socket = join(open, "control.sock");
    const service = await startService(board, socket);
    assert.match(service.stderr(), new RegExp(`no control socket: ${open} is writable by group or others`));
    assert.ok(!existsSync(socket));
    const busy = await cli(["status", "--port", board.tty, "--control", socket]);
    assert.equal(busy.code, 5);
    assert.match(busy.stderr, /in use by another program .*control socket .*writable by group or others/);
  });

  it("doctor asks the board through the running agent, or says to re-install a unit without the socket", async () => {
    const board = await startBoard();
    const socket = join(board.dir, "control.sock");
    await startService(board, socket);
    const root = join(board.dir, "root");
    mkdirSync(join(root, "etc/systemd/system"), { recursive: true });
    const unit = join(root, "etc/systemd/system/banken.service");
    writeFileSync(unit, "[Service]\nExecStart=/usr/bin/banken run\nRuntimeDirectory=banken\n");
    const config = join(board.dir, "banken.toml");
    writeFileSync(config, `device = "${board.tty}"\ncontrol-socket = "${socket}"\n`);
    const through = await cli(["doctor", "--root", root, "--config", config]);
    assert.match(through.stdout, /\[ok\s*\] a banken board answers: board esp32 at .*, state armed \(asked through the running agent\)/);
    assert.match(through.stdout, /\[ok\s*\] firmware version: /);
    writeFileSync(unit, "[Service]\nExecStart=/usr/bin/banken run\n");
    writeFileSync(config, `device = "${board.tty}"\ncontrol-socket = "${join(board.dir, "none.sock")}"\n`);
    const old = await cli(["doctor", "--root", root, "--config", config]);
    assert.match(old.stdout, /\[warn\] a banken board answers: .* held by the running agent .*control socket .*none\.sock: not there[\s\S]*fix: re-install the unit for its control socket/);
  });

  it("passes on only the commands' verbs, one line each", async () => {
    const board = await startBoard();
    const socket = join(board.dir, "control.sock");
    await startService(board, socket);
    const client = await rawClient(socket);
    const send = async (message: unknown): Promise<Record<string, unknown>> => {
      const before = client.lines.length;
      client.socket.write(`${JSON.stringify(message)}\n`);
      await waitFor(() => client.lines.length > before, 5000, () => client.lines.join("\n"));
      return JSON.parse(client.lines[before]) as Record<string, unknown>;
    };
    assert.deepEqual(await send({ device: board.tty }), { serving: board.tty });
    for (const line of ["BEAT seq=1", "CONSOLE 1234", "STATUS\nCONSOLE 1234", "STATUS\rX", "reset()"]) {
      const answer = (await send({ line })) as { error?: { kind: string } };
      assert.equal(answer.error?.kind, "usage", `${JSON.stringify(line)} must not reach the board`);
    }
    const status = (await send({ line: "STATUS" })) as { reply: string };
    assert.match(status.reply, /^OK STATUS state=armed /);
    assert.match(((await send({ line: "GET nosuchkey" })) as { error: { message: string } }).error.message, /^the board refused GET: key/);
  });

  it("keeps beating on time while a client never sends, another floods it, and a third is served", async () => {
    const board = await startBoard();
    assert.equal((await cli(["config", "set", "timeoutMs=1500ms", "warnMs=0", "pulseMs=50ms", "--port", board.tty])).code, 0);
    const socket = join(board.dir, "control.sock");
    const service = await startService(board, socket);
    const silent = await rawClient(socket);
    const flood = await rawClient(socket);
    flood.socket.write(`${JSON.stringify({ device: board.tty })}\n${`${JSON.stringify({ line: "LOG 0" })}\n`.repeat(50)}`);
    await waitFor(() => flood.closed(), 5000, () => "the flooding client was not cut off");
    // Two board timeouts of served requests beside the silent client: any late beat would press the relay.
    await armedThroughout(board, socket, 3000);
    assert.ok(!silent.closed(), "an idle client is only cut off after its idle time");
    assert.doesNotMatch(board.stderr(), /relay pressed/);
    assert.doesNotMatch(service.stderr(), /skipped|lost the board/);
  });

  it("follows a timeout set through it: a shorter timeout gets a shorter interval at once", async () => {
    const board = await startBoard();
    assert.equal((await cli(["config", "set", "timeoutMs=6s", "warnMs=0", "pulseMs=50ms", "--port", board.tty])).code, 0);
    const socket = join(board.dir, "control.sock");
    const service = await startService(board, socket);
    assert.match(service.stdout(), /heartbeat every 2s/);
    const set = await cli(["config", "set", "timeoutMs=1500ms", "--port", board.tty, "--control", socket]);
    assert.deepEqual([set.code, set.stdout], [0, "set timeoutMs=1s500ms\n"]);
    assert.match(service.stdout(), /the board's timeout is now 1s500ms: heartbeat every 500ms/);
    // At the old 2 s interval the board would act within the next two beats.
    await armedThroughout(board, socket, 5000);
    assert.equal(service.child.exitCode, null);
  });
});
