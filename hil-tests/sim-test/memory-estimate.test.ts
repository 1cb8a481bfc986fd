// The JsVar estimate behind process.memory() and bench item 4: Espruino's block costs, functions
// found by parsing (methods and arrows included), the data of long-lived scopes, the persisted state.
import assert from "node:assert/strict";
import { bundleRam } from "../sim/espruino/bundle-ram.ts";
import { persistedStateVars, stringVars, valueVars } from "../sim/espruino/memory.ts";
import { bootBoard } from "./helpers.ts";

describe("sim: JsVar estimate", () => {
  it("counts class and shorthand methods, arrows and declarations as functions", () => {
    const code = "!function(){class A{m(){}static s(){}}const o={f(){},g:()=>1};function h(){}new A;o.f()}();";
    // the IIFE itself, m, s, f, g, h
    assert.equal(bundleRam(code).functions, 6);
  });

  it("keeps the data of scopes that create closures, not the locals of a plain function", () => {
    // T: name 1 + array 1 + [0] index 1 and a 16-character string 2 + [1] an inline small int 1.
    const code = '!function(){const T=["abcdefghijklmnop",5];function f(){const x={a:1,b:2};return x.a+T[1]}setTimeout(f,1)}();';
    assert.deepEqual(bundleRam(code), { functions: 2, dataVars: 6, stringTailVars: 1 });
  });

  it("counts a factory's closure variables; a large number takes a block of its own", () => {
    // make's scope: n (small int inside its name) 1, big (100000) 2; top: c (a call's result) 2.
    const code = "!function(){function make(){let n=0,big=1e5;return function(){return n+++big}}const c=make();c()}();";
    assert.equal(bundleRam(code).dataVars, 5);
  });

  it("strings: the first block holds 8 characters, then 12 per block", () => {
    assert.deepEqual([0, 8, 9, 20, 21].map(stringVars), [1, 1, 2, 2, 3]);
  });

  it("values: shared objects and cycles counted once", () => {
    const shared: Record<string, unknown> = { k: "v" };
    shared.self = shared;
    // outer 1 + a 1 + b 1; shared 1 + k 1 + "v" 1 + self 1
    assert.equal(valueVars({ a: shared, b: shared }), 7);
  });

  it("state: the newest persisted record's JSON, other files ignored", () => {
    const older = '2 00000000 {"a":1,"b":[true,"abcdefghij"],"c":"xxxxxxxxxxxxxxxxxxxxxxxxxxxx"}';
    const newer = '3 0123abcd {"a":1,"b":[true,"abcdefghij"]}';
    // object 1 + a (inline int) 1 + b 1 + array 1 + [0] (inline bool) 1 + [1] 1 + its string 2
    assert.equal(persistedStateVars([older, "!function(){}()", newer]), 8);
    assert.equal(persistedStateVars(["not a record"]), 0);
  });

  it("process.memory() on a board adds the bundle's functions and data to its globals", () => {
    const t = bootBoard("var TABLE=[1,2,3];function tick(){}setInterval(tick,1000);");
    const parts = t.board.interpreter()?.jsVarsParts();
    assert.ok(parts);
    assert.equal(parts.functions, 5); // tick
    assert.equal(parts.bundleData, 0); // the program's own scope is the globals, walked at run time:
    assert.equal(parts.globals, 2 + 1 + 3 + 1); // "TABLE" (a 5-character name), its array, 3 inline ints; tick's name
    assert.equal(parts.timersAndWatches, 3);
  });
});
