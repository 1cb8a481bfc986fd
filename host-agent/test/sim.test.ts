// banken sim: a simulated board on a pty that other banken commands use, stopped by SIGTERM.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatEvent, parseEvent } from "../../sim/events.ts";
import { spawn } from "node:child_process";
import { assertBuilt, cli, startCli } from "./support/cli.ts";
import { waitFor } from "./support/wait.ts";

describe("banken sim", function () {
  this.timeout(30000);
  let dir: string;
  before(() => assertBuilt());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-sim-test-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("runs a board on the link that banken beats, shows its reset, and stops cleanly on SIGTERM", async () => {
    const link = join(dir, "tty");
    const sim = startCli(["sim", "--port-link", link, "--timeout", "2s", "--pulse", "200ms", "--warn", "1s"]);
    await waitFor(() => sim.stdout().includes(`on ${link}`), 15000, () => sim.stdout() + sim.stderr());
    const beat = await cli(["beat", "--port", link]);
    assert.equal(beat.code, 0, beat.stderr);
    await waitFor(() => /reset relay open/.test(sim.stdout().split("CLOSED")[1] ?? ""), 10000, () => sim.stdout());
    assert.match(sim.stdout(), /board → host {2}!WARN left=1000/);
    assert.match(sim.stdout(), /board → host {2}!ACT reset n=1/);
    const status = await cli(["status", "--port", link]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /banken board esp32 .*\n[\s\S]*reset the host .* after 2 s without heartbeat/);
    // What screen sends: the typed line ended by a carriage return, no newline.
    const typed = await typeTo(link, "HELLO\r");
    assert.match(typed, /OK HELLO banken proto=1 fw=\S+ board=esp32/);
    sim.child.kill("SIGTERM");
    const done = await sim.done;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /sim: stopped/);
    assert.equal(existsSync(link), false, "socat removed the link");
  });

  it("refuses a link that already exists", async () => {
    const result = await cli(["sim", "--port-link", dir]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /already exists/);
  });
});

/** Types `text` into the port with socat, as a person at a terminal would; returns what came back. */
async function typeTo(link: string, text: string): Promise<string> {
  const child = spawn("socat", ["-t", "1", "-", `${link},raw,echo=0`], { stdio: ["pipe", "pipe", "pipe"] });
  let received = "";
  child.stdout.on("data", (chunk: Buffer) => (received += chunk.toString()));
  child.stdin.end(text);
  await new Promise<void>((resolve) => child.once("close", () => resolve()));
  return received;
}

describe("simulated board side channel", () => {
  it("round-trips edges and lines, and ignores other stderr", () => {
    for (const event of [
      { kind: "edge", tMs: 12, signal: "relay", active: true },
      { kind: "rx", tMs: 0, line: "BEAT seq=1 boot=x y" },
      { kind: "tx", tMs: 99, line: "!WARN left=60000" },
    ] as const) assert.deepEqual(parseEvent(formatEvent(event)), event);
    assert.equal(parseEvent("ready"), null);
    assert.equal(parseEvent("2024/01/01 socat[12] E connect failed"), null);
    assert.equal(parseEvent("ev x relay 1"), null);
    assert.equal(parseEvent("ev 1 fan 1"), null);
  });
});
