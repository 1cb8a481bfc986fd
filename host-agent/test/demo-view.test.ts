// The demo's live view as text: it must fit the terminal (a wrapped line breaks the in-place
// redraw), never clear the whole screen per frame (flicker, scrollback full of copies), and keep
// the log free of LED blink noise.
import assert from "node:assert/strict";
import { applyEvent, initialModel } from "../src/demo/model.ts";
import { countdownBar, eventLine, panel, pressBar, redrawFrame } from "../src/demo/view.ts";

const model = () => initialModel(20000, 5000, 3000);

describe("demo view", () => {
  it("cuts every panel line to the terminal's width and the log to its height", () => {
    const m = model();
    const long = `agent: ${"x".repeat(300)}`;
    const lines = panel(m, 0, "a phase with a long description ".repeat(5), Array.from({ length: 50 }, () => long), { columns: 80, rows: 24 });
    assert.ok(lines.length <= 24, `${lines.length} lines`);
    for (const line of lines) assert.ok(line.length < 80, `${line.length} chars: ${line}`);
  });

  it("redraws in place: home, each line cleared to its end, no full-screen clear", () => {
    const frame = redrawFrame(["a", "b"]);
    assert.equal(frame, "\x1b[Ha\x1b[K\nb\x1b[K\n\x1b[J");
    assert.ok(!frame.includes("\x1b[2J"));
  });

  it("counts down from the last reply, says when the warning runs, and shows the press's own countdown", () => {
    const m = model();
    applyEvent(m, { kind: "tx", tMs: 1000, line: "OK BEAT left=20000 state=armed seq=1" }, 50000);
    const full = panel(m, 50000, "p", [], { columns: 120, rows: 30 }).join("\n");
    assert.match(full, /20\.0 s until reset/);
    const later = panel(m, 66000, "p", [], { columns: 120, rows: 30 }).join("\n");
    assert.match(later, / 4\.0 s to reset: WARNING/);
    assert.match(countdownBar(-1, 20000, 5000), /no countdown/);
    // On an 80-column terminal the bar shrinks so that the numbers stay visible.
    assert.match(panel(m, 60000, "p", [], { columns: 80, rows: 24 }).join("\n"), /countdown {2}\[█* *\] +\d+\.\d s until reset/);
    assert.match(pressBar(1500, 3000), /^\[▒{20} {20}\]  1\.5 s of 3 s left$/);
    applyEvent(m, { kind: "edge", tMs: 21000, signal: "relay", active: true }, 70000);
    assert.match(panel(m, 71000, "p", [], { columns: 120, rows: 30 }).join("\n"), /pressing {3}\[▒+ +\]  2\.0 s of 3 s left/);
  });

  it("logs relay changes and the board's ! lines, not LED blinks or the levels reported at start", () => {
    const m = model();
    assert.equal(eventLine({ kind: "edge", tMs: 500, signal: "relay", active: false }, m), null);
    assert.equal(eventLine({ kind: "edge", tMs: 900, signal: "led", active: true }, m), null);
    assert.match(eventLine({ kind: "edge", tMs: 21000, signal: "relay", active: true }, m) ?? "", /^ {2}21\.0 s {2}reset relay CLOSED/);
    assert.match(eventLine({ kind: "tx", tMs: 16000, line: "!WARN left=5000" }, m) ?? "", /board → host {2}!WARN left=5000 {2}\(no heartbeat/);
    assert.match(eventLine({ kind: "rx", tMs: 1000, line: "BEAT seq=1 boot=abc" }, m) ?? "", /host → board {2}BEAT seq=1$/);
    assert.equal(eventLine({ kind: "rx", tMs: 1000, line: "STATUS" }, m), null);
  });
});
