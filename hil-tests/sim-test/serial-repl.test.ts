// The host port: bytes arrive in seeded random chunks; until the console moves they are EVALUATED.
import assert from "node:assert/strict";
import { MOVED_TO_LOOPBACK, bootBoard, evalOn } from "./helpers.ts";

const MOVE_CONSOLE = `var chunks = []; Serial1.on("data", function (d) { chunks.push(d); });
  LoopbackB.on("data", function () {}); E.setConsole(LoopbackA, { force: true });`;

describe("sim: serial port and REPL", () => {
  it("delivers host bytes split at arbitrary, seeded points", () => {
    const text = "BEAT seq=1\n".repeat(20);
    const splits = [1, 2].map((seed) => {
      const t = bootBoard(MOVE_CONSOLE, { seed });
      t.board.hostWrite(text);
      t.clock.advance(100);
      return evalOn(t.board, "chunks") as string[];
    });
    for (const chunks of splits) {
      assert.equal(chunks.join(""), text);
      assert.ok(chunks.length > 10, `${chunks.length} chunks`);
      assert.ok(chunks.some((c) => !c.endsWith("\n")), "some chunk ends mid-line");
    }
    assert.notDeepEqual(splits[0], splits[1], "another seed splits differently");
  });

  it("bytes take the port's time to arrive (115200 baud: 86.8 µs a byte)", () => {
    const t = bootBoard(MOVE_CONSOLE);
    t.board.hostWrite("x".repeat(1152));
    t.clock.advance(99);
    assert.ok((evalOn(t.board, "chunks.join('').length") as number) < 1152);
    t.clock.advance(2);
    assert.equal(evalOn(t.board, "chunks.join('').length"), 1152);
  });

  it("before E.setConsole, a line from the host is evaluated as JavaScript", () => {
    const t = bootBoard(`var x = 1;`);
    t.board.hostWrite(`x = 40 + 2\r`);
    t.board.hostWrite(`digitalWrite("D23", 1)\n`);
    t.clock.advance(50);
    assert.equal(evalOn(t.board, "x"), 42);
    assert.equal(t.board.pin("D23").level(), 1);
    assert.match(t.output(), /=42/);
  });

  it("after E.setConsole(LoopbackA), the same bytes are data and nothing is evaluated", () => {
    const t = bootBoard(`var x = 1; ${MOVE_CONSOLE}`);
    t.board.hostWrite(`x = 40 + 2\rdigitalWrite("D23", 1)\nreset()\n\x03`);
    t.clock.advance(50);
    assert.equal(evalOn(t.board, "x"), 1);
    assert.equal(t.board.pin("D23").net.floating(), true, "D23 never driven");
    assert.equal(evalOn(t.board, "chunks.join('')"), `x = 40 + 2\rdigitalWrite("D23", 1)\nreset()\n\x03`);
    assert.equal(t.output(), MOVED_TO_LOOPBACK, "only the console move's notice, printed as the code moved it");
    assert.equal(t.board.starts.length, 1, "reset() was not run");
  });

  it("accepts an upload the way the espruino CLI sends it: reset(), chunked Storage.write, load()", () => {
    const t = bootBoard(`Serial1.write("old\\n");`);
    const code = `Serial1.write("new code " + (1 + 2) + "\\n");`;
    const first = code.slice(0, 20);
    const rest = code.slice(20);
    t.board.hostWrite("\x03\x10reset();\n");
    t.clock.advance(20);
    t.board.hostWrite(`\x10require("Storage").write(".bootcde",${JSON.stringify(first)},0,${code.length});\n`);
    t.board.hostWrite(`\x10require("Storage").write(".bootcde",${JSON.stringify(rest)},${first.length});\n`);
    t.board.hostWrite("\x10load()\n");
    t.clock.advance(100);
    assert.equal(t.board.flash.read(".bootcde"), code);
    assert.match(t.output(), /new code 3/);
    assert.deepEqual(t.board.starts.map((s) => s.kind), ["power-on", "reset", "load"]);
  });

  it("Ctrl-C drops a half-typed line; a statement spread over lines runs when complete", () => {
    const t = bootBoard(`var y = 0;`);
    t.board.hostWrite(`y = 5\x03function f() {\n  return 7;\n}\ny = f()\n`);
    t.clock.advance(50);
    assert.equal(evalOn(t.board, "y"), 7);
  });
});
