// The console hand-off (docs/protocol.md, CONSOLE): the REPL comes back on the heartbeat port only
// with this start's code, announcing the move ("<- LoopbackA"), then the port really is JavaScript
// (echo-off lines run, and the REPL prints no "=value" for them, as the espruino CLI relies on), and
// load() from there restarts the firmware, which takes the port back. The relay never moves on the
// way. Each fact was read off the real interpreter; the simulation must match it.
import assert from "node:assert/strict";
import { assertNoAction, linesFrom } from "./support/checks.ts";
import { bootDut, waitFor } from "./support/dut.ts";
import { textField } from "./support/scenario.ts";
import { forEachBoard } from "./support/suite.ts";

/** Espruino's echo-off prefix (DLE): the line runs without being echoed, as the espruino CLI sends it. */
const ECHO_OFF = "\u0010";

forEachBoard("10 console hand-off", (h) => {
  it("CONSOLE needs this start's code; then the port is the REPL, and load() gives it back to the firmware", async () => {
    const { rig, s } = h;
    await bootDut(rig);
    const code = textField(await s.ok("HELLO"), "console");
    assert.ok(code !== undefined && /^[0-9a-f]{6}$/.test(code), `HELLO gave no console code`);
    const wrong = ((parseInt(code, 16) + 1) & 0xffffff).toString(16).padStart(6, "0");
    assert.match(await s.request(`CONSOLE ${wrong}`), /^ERR code /);
    const fromMs = rig.now();
    // Lines by index, not by time: on the virtual clock a line can carry the very time the request went.
    const fromLine = rig.lines().length;
    await s.ok(`CONSOLE ${code}`);
    const before = rig.lines().length;
    await s.write(`${ECHO_OFF}print("sum="+(20+22))\n`);
    // The REPL's prompt (">") may stand before the printed text: the real one redraws it after "<- LoopbackA".
    const ran = (): boolean => rig.lines().slice(before).some((l) => l.line.replace(/^>/, "") === "sum=42");
    assert.ok(await waitFor(rig, ran, 2000), "the REPL ran the line");
    await rig.wait(200);
    const printed = rig.lines().slice(before).map((l) => l.line);
    assert.deepEqual(printed.filter((l) => /^>?=/.test(l)), [], `the REPL printed a result for an echo-off line: ${JSON.stringify(printed)}`);
    // The console move announces itself on the new console, as the espruino CLI sees it after CONSOLE.
    assert.ok(rig.lines().slice(fromLine).some((l) => l.line === "<- LoopbackA"), `no "<- LoopbackA" after CONSOLE: ${JSON.stringify(printed)}`);
    const boots = linesFrom(rig, "!BOOT").length;
    await s.write(`${ECHO_OFF}load()\n`);
    assert.ok(await waitFor(rig, () => linesFrom(rig, "!BOOT").length > boots, 5000), "load() restarted the firmware (a !BOOT line)");
    assert.match(await s.ok("STATUS"), /state=waiting/, "the firmware has the port again");
    assertNoAction(rig, fromMs, rig.now(), "through the hand-off and load()");
  });
});
