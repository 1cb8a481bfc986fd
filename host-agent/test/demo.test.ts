// npm start (banken demo) end to end, non-interactively (pipes: plain lines), in its --fast timing:
// the real agent, a simulated ESP32 on a pty, a hung host, a reset, the host back. ~15 s real time.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertBuilt, cli } from "./support/cli.ts";

describe("banken demo (npm start)", function () {
  this.timeout(60000);
  let dir: string;
  before(() => assertBuilt());
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "banken-demo-test-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("shows the hung host being reset and coming back, and writes the timing chart", async () => {
    const result = await cli(["demo", "--fast", "--out", dir]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const out = result.stdout;
    assert.ok(!out.includes("\x1b["), "no terminal control codes without a TTY");
    const order = ["host → board  BEAT seq=1", "SIGSTOP", "!WARN left=1500", "!ACT reset n=1", "reset relay CLOSED", "reset relay open again", "a fresh agent", "!BACK after=", "reset the host"];
    let at = 0;
    for (const text of order) {
      const found = out.indexOf(text, at);
      assert.ok(found >= 0, `"${text}" after position ${at} in:\n${out}`);
      at = found;
    }
    const press = /result: the board reset the hung host \(a (\d+) ms press\)\n {8}the host came back: \d+ heartbeat/.exec(out);
    assert.ok(press !== null, out);
    assert.ok(Math.abs(Number(press[1]) - 1000) <= 50, `a 1000 ms press, measured ${press[1]} ms`);
    assert.ok(out.includes(`timing chart: ${join(dir, "demo-timing.svg")}`), out);
    const chart = join(dir, "demo-timing.svg");
    assert.ok(existsSync(chart));
    assert.match(readFileSync(chart, "utf8"), /^<svg[\s\S]*<\/svg>\s*$/);
    const trace = JSON.parse(readFileSync(join(dir, "demo-trace.json"), "utf8")) as { passed: boolean; edges: { signal: string; level: number }[] };
    assert.equal(trace.passed, true);
    assert.ok(trace.edges.some((e) => e.signal === "relay" && e.level === 1));
  });
});
