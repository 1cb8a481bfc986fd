// Timer and time semantics of the Espruino dialect (docs/espruino-dialect.md).
import assert from "node:assert/strict";
import { bootBoard, evalOn } from "./helpers.ts";

describe("sim: Espruino timers and getTime", () => {
  it("returns numeric ids; clearTimeout() with no argument clears every timer", () => {
    const t = bootBoard(`var fired = 0; var a = setTimeout(function(){fired++;}, 10); var b = setInterval(function(){fired++;}, 5);`);
    assert.equal(typeof evalOn(t.board, "a"), "number");
    assert.notEqual(evalOn(t.board, "a"), evalOn(t.board, "b"));
    evalOn(t.board, "clearTimeout()");
    t.clock.advance(100);
    assert.equal(evalOn(t.board, "fired"), 0);
  });

  it("clearTimeout(undefined) throws, and is logged as an uncaught error", () => {
    const t = bootBoard(`var kept = 0; setInterval(function(){kept++;}, 10); clearTimeout(undefined);`);
    assert.match(t.errors().join("\n"), /Invalid timeout ID undefined/);
    t.clock.advance(100);
    assert.ok((evalOn(t.board, "kept") as number) >= 9, "the interval is still there");
  });

  it("an exception in an interval callback is logged and the interval keeps running", () => {
    const t = bootBoard(`var n = 0; setInterval(function(){ n++; throw new Error("boom " + n); }, 100);`);
    t.clock.advance(1000);
    assert.equal(evalOn(t.board, "n"), 10);
    assert.equal(t.errors().length, 10);
    assert.match(t.output(), /Uncaught Error: boom 1/);
  });

  it("intervals do not drift; changeInterval re-arms from now", () => {
    const t = bootBoard(`var times = []; var id = setInterval(function(){ times.push(Math.round(getTime()*1000)); }, 100);`);
    t.clock.advance(350);
    evalOn(t.board, "changeInterval(id, 1000)");
    t.clock.advance(2100);
    assert.deepEqual(evalOn(t.board, "times"), [600, 700, 800, 1850, 2850]);
  });

  it("getTime() is float seconds with µs resolution; setTime jumps it without moving timers", () => {
    const t = bootBoard(`var at = -1; setTimeout(function(){ at = getTime(); }, 1000);`);
    t.clock.advance(0.123);
    assert.equal(evalOn(t.board, "getTime()"), 0.500123);
    evalOn(t.board, "setTime(1000000)");
    t.clock.advance(1000);
    const at = evalOn(t.board, "at") as number;
    assert.ok(Math.abs(at - (1000000 + 0.999877)) < 1e-6, `timer fired at getTime() ${at}`);
  });

  it("the context lacks what Espruino lacks (Map, Array.from, Number.isInteger)", () => {
    const t = bootBoard(`var kinds = [typeof Map, typeof Array.from, typeof Number.isInteger, typeof Math.trunc, typeof process.memory];`);
    assert.deepEqual(evalOn(t.board, "kinds"), ["undefined", "undefined", "undefined", "undefined", "function"]);
  });
});
