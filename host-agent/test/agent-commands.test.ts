// The board-talking commands end to end through a pty: status, config, hold, arm, disarm, test, log.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { saveState, type Flash } from "../../firmware/core/persist.ts";
import { DEFAULT_CONFIG } from "../../firmware/core/config.ts";
import { espruinoCrc32 } from "../../sim/crc32.ts";
import { assertBuilt, cli } from "./support/cli.ts";
import { startBoard, unplugAll } from "./support/board-pty.ts";
import { waitFor } from "./support/wait.ts";

async function ok(args: string[]): Promise<string> {
  const result = await cli(args);
  assert.equal(result.code, 0, `banken ${args.join(" ")}: ${result.stderr}`);
  assert.equal(result.stderr, "");
  return result.stdout;
}

interface Json {
  state: string;
  leftMs: number | null;
  config: Record<string, number>;
  story: string[];
}

describe("banken status/config/hold/arm/disarm/test/log (through a pty)", function () {
  this.timeout(30000);
  before(assertBuilt);
  afterEach(unplugAll);

  it("config set takes human units, config get shows them", async () => {
    const { tty } = await startBoard();
    assert.equal(await ok(["config", "set", "timeoutMs=1h30m", "warnMs=90s", "--port", tty]), "set timeoutMs=1h30m warnMs=1m30s\n");
    assert.equal(await ok(["config", "get", "timeoutMs", "--port", tty]), "timeoutMs=1h30m\n");
    const json = JSON.parse(await ok(["status", "--json", "--port", tty])) as Json;
    assert.equal(json.config.timeoutMs, 5400000);
    assert.equal(json.config.warnMs, 90000);
    const badUnit = await cli(["config", "set", "timeoutMs=soon", "--port", tty]);
    assert.equal(badUnit.code, 2);
  });

  it("config set refuses a timeout that leaves the config's interval no room, unless --force", async () => {
    const board = await startBoard();
    const config = join(board.dir, "banken.toml");
    writeFileSync(config, `device = "${board.tty}"\ninterval = "4m"\ncheck-deadline = "10s"\n`);
    const refused = await cli(["config", "set", "timeoutMs=5m", "--config", config]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /interval \(4m\) is not comfortably below the board's timeout \(5m\).*--force/);
    assert.equal(await ok(["config", "set", "timeoutMs=5m", "--force", "--config", config]), "set timeoutMs=5m\n");
  });

  it("hold, arm, disarm, test led, test relay --yes change the board's state as they say", async () => {
    const board = await startBoard();
    const { tty } = board;
    const state = async (): Promise<Json> => JSON.parse(await ok(["status", "--json", "--port", tty])) as Json;
    assert.match(await ok(["arm", "--port", tty]), /^armed: armed, 10 min left\n$/);
    assert.match(await ok(["hold", "30m", "--port", tty]), /^holding for 30 min/);
    assert.equal((await state()).state, "holding");
    assert.match(await ok(["hold", "off", "--port", tty]), /^hold ended: armed/);
    assert.match(await ok(["disarm", "--port", tty]), /^disarmed: waiting/);
    assert.equal((await state()).leftMs, null);
    assert.equal(await ok(["test", "led", "--port", tty]), "LED on for 3 s\n");
    assert.doesNotMatch(board.stderr(), /relay pressed/);
    const noYes = await cli(["test", "relay", "--port", tty]);
    assert.equal(noYes.code, 2);
    assert.match(noYes.stderr, /add --yes/);
    assert.doesNotMatch(board.stderr(), /relay pressed/);
    assert.equal(await ok(["config", "set", "pulseMs=50ms", "--port", tty]), "set pulseMs=50ms\n");
    assert.equal(await ok(["test", "relay", "--yes", "--port", tty]), "pressing reset for 50 ms\n");
    await waitFor(() => /relay pressed\nrelay released/.test(board.stderr()), 5000, () => board.stderr());
    assert.equal((await cli(["hold", "25h", "--port", tty])).code, 2);
  });

  it("status tells a real reset and the host coming back in words", async () => {
    const board = await startBoard();
    const { tty } = board;
    await ok(["config", "set", "timeoutMs=1s", "warnMs=0", "pulseMs=50ms", "--port", tty]);
    await ok(["arm", "--port", tty]);
    await waitFor(() => /relay pressed\nrelay released/.test(board.stderr()), 5000, () => board.stderr());
    await ok(["beat", "--port", tty, "--state-dir", board.dir]);
    const text = await ok(["status", "--port", tty]);
    assert.match(text, /state: armed, acts in \d+ (ms|s) without a heartbeat/);
    assert.match(text, /\n {2}reset the host (just now|\d+ s ago) after 1 s without heartbeat; host back \d+ ms later\n/);
    const log = await ok(["log", "--port", tty]);
    assert.match(log, /k=reset n=1 r=timeout {2}# reset the host/);
    assert.match(log, /k=back n=\d+ {2}# host came back/);
  });

  it("status prints every duration in words, as the example in docs/agent.md shows", async () => {
    const { tty, dir } = await startBoard();
    await ok(["beat", "--port", tty, "--state-dir", dir]);
    const real = await ok(["status", "--port", tty]);
    // No compact "10m"/"1s500ms" forms: those belong to config get/set.
    assert.doesNotMatch(real, /\b\d+(ms|s|m|h|d)\b/);
    const doc = readFileSync(join(import.meta.dirname, "../../docs/agent.md"), "utf8");
    const example = /### What `status` prints[\s\S]*?```\n\$ banken status\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(example !== undefined, "docs/agent.md has the status example");
    // Uptime and "N ago" depend on when the test runs; every other character must match.
    const timeless = (text: string): string => text.replace(/up [^,\n]+/, "up T").replace(/(just now|\d+ (ms|s|min|h|days?) ago)/g, "AGO");
    assert.equal(timeless(real.replace(tty, "/dev/banken")), timeless(example));
  });

  it("status reads history the board kept in flash from before its restart", async () => {
    const board0 = { dir: "" };
    const slots: Record<string, string> = {};
    const flash: Flash = { read: (n) => slots[n], write: (n, t) => ((slots[n] = t), true), erase: (n) => void delete slots[n] };
    saveState(flash, {
      cfg: { ...DEFAULT_CONFIG },
      attempts: 0,
      boots: 1,
      log: [
        "k=boot b=1 t=0",
        "k=reset b=1 t=700000 n=1 r=timeout",
        "k=back b=1 t=794000 n=94000",
      ],
    }, espruinoCrc32);
    const board = await startBoard();
    await board.unplug();
    writeFileSync(join(board.dir, "flash.json"), JSON.stringify(slots));
    board0.dir = board.dir;
    const replugged = await startBoard({ dir: board0.dir });
    const json = JSON.parse(await ok(["status", "--json", "--port", replugged.tty])) as Json;
    assert.deepEqual(json.story, [
      "board started (start #1) before the board's last restart (at 0 ms of its uptime)",
      "reset the host before the board's last restart (at 12 min of its uptime) after 10 min without heartbeat; host back 94 s later",
      json.story[2],
    ]);
    assert.match(json.story[2], /^board started (just now|\d+ ms ago|1 s ago)$/);
  });
});

describe("banken usage errors", function () {
  this.timeout(30000);
  before(assertBuilt);

  it("name the command once: exit 2, 'banken <command>: <message>' without the command repeated", async () => {
    const cases = [
      ["ports", "--bogus"], ["status", "--bogus"], ["status", "extra"], ["hold"], ["hold", "xyz"], ["beat", "extra"], ["run", "--interval", "0"], ["test"], ["config", "foo"],
      ["flash", "extra"], ["flash", "--port", "/dev/null"], ["flash", "--board", "esp32"], ["doctor", "extra"], ["demo", "extra"], ["sim", "extra"],
    ];
    for (const args of cases) {
      const result = await cli(args);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`^banken ${args[0]}: .+\\n$`));
      assert.doesNotMatch(result.stderr, new RegExp(`^banken ${args[0]}: ${args[0]}:`));
    }
  });
});
