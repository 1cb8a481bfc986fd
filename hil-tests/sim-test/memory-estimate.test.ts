// The JsVar estimate behind process.memory() and bench item 4: Espruino's block costs, functions
// found by parsing (methods and arrows included), resident or transient, the data of long-lived
// scopes, the peak of short-lived ones, the persisted state.
import assert from "node:assert/strict";
import { bundleRam } from "../sim/espruino/bundle-ram.ts";
import { FUNCTION_VARS, persistedStateShape, persistedStateVars, saveStringVars, stringVars, valueVars } from "../sim/espruino/memory.ts";
import { bootBoard } from "./helpers.ts";

describe("sim: JsVar estimate", () => {
  it("counts class and shorthand methods, arrows and declarations as functions", () => {
    const code = "!function(){class A{m(){}static s(){}}const o={f(){},g:()=>1};function h(){}new A;o.f()}();";
    // the IIFE itself, m, s, f, g, h; all but the IIFE (called on the spot) stay: the methods
    // escape, so the IIFE's scope stays alive and holds h
    const got = bundleRam(code);
    assert.deepEqual([got.functions, got.residentFunctions, got.transientFunctions], [6, 5, 1]);
  });

  it("a function called on the spot is transient, even inside a resident one", () => {
    const code = "!function(){function f(){return function(x){return x+1}(2)}setTimeout(f,1)}();";
    const got = bundleRam(code);
    assert.deepEqual([got.residentFunctions, got.transientFunctions], [1, 2]); // f; the IIFE and the inner one
  });

  it("a helper a short-lived scope only calls is transient; passed on, it keeps the scope alive", () => {
    const called = "!function(){function run(){let n=99999;function sq(x){return x*x}return sq(n)}setInterval(run,1)}();";
    const got = bundleRam(called);
    // run (passed to setInterval) stays; sq exists only while run runs, and so does n
    assert.deepEqual([got.residentFunctions, got.transientFunctions, got.dataVars], [1, 2, 0]);
    const passed = "!function(){function run(){let n=99999;function sq(x){return x*x}return[sq]}setInterval(run,1)}();";
    const kept = bundleRam(passed);
    // sq escapes in the array: run's scope stays with it: n (name 1 + a large number 1) and, as
    // every literal written in a kept scope, the array (1 + [0] 1 + the reference in it 1)
    assert.deepEqual([kept.residentFunctions, kept.transientFunctions, kept.dataVars], [2, 1, 5]);
  });

  it("a closure keeps its whole lexical chain of scopes alive (Espruino stores every scope of it)", () => {
    const code = "!function(){function main(){let big=99999;setInterval(function(){return function(){return 1}}(),1)}main()}();";
    const got = bundleRam(code);
    // the factory's closure escapes: the factory's scope, main's and the IIFE's stay; main's big
    // (name 1 + a large number 1) is at-rest data, main is resident with the closure
    assert.deepEqual([got.residentFunctions, got.transientFunctions, got.dataVars], [2, 2, 2]);
  });

  it("peak: a short-lived scope's names and bound literals, its on-the-spot inner scope, the largest loose literal", () => {
    const code = '!function(){function cmd(a){const w=[1,2],s="abcdefghijklmnop";return function(e){const q={k:1};return q}(a)}setInterval(cmd,1)}();';
    // cmd: a 1, w 1 + [1,2] 3, s 1 + its string 2 = 8; the inner: its function object, e 1, q 1 + {k:1} 2
    assert.equal(bundleRam(code).peakVars, 8 + FUNCTION_VARS + 4);
    const cases = "!function(){function row(i){switch(i){case 0:return[1,2,3];case 1:return[1]}}setInterval(row,1)}();";
    // i 1 + the larger of the two arrays (1 + 3 elements), not both
    assert.equal(bundleRam(cases).peakVars, 1 + 4);
  });

  it("keeps the data of scopes that create closures, not the locals of a plain function", () => {
    // T: name 1 + array 1 + [0] index 1 and a 16-character string 2 + [1] an inline small int 1.
    const code = '!function(){const T=["abcdefghijklmnop",5];function f(){const x={a:1,b:2};return x.a+T[1]}setTimeout(f,1)}();';
    // f's locals exist only while it runs: x 1 + {a:1,b:2} 3 is the peak
    assert.deepEqual(bundleRam(code), { functions: 2, residentFunctions: 1, transientFunctions: 1, residentFunctionVars: FUNCTION_VARS, residentParameterVars: 0, residentChainVars: 0, residentGlobalNames: 0, dataVars: 6, stringTailVars: 1, residentClosures: 1, dataObjects: 1, dataStringChars: 16, peakVars: 4 });
  });

  it("an object passed to a function called on the spot lives as long as that function's scope", () => {
    // {a:"xxxxxxxxxxxx"}: object 1 + name 1 + a 12-character string 2. Kept: the callee makes a
    // timer callback, so its scope, and the parameter holding the object, stay.
    const kept = bundleRam('!function(b){setInterval(function(){},1)}({a:"xxxxxxxxxxxx"});');
    assert.equal(kept.dataVars, 1 + 4); // b, and the object it holds
    const freed = bundleRam('!function(b){b.a.length}({a:"xxxxxxxxxxxx"});');
    assert.equal(freed.dataVars, 0);
    assert.equal(freed.peakVars, 1 + 4 + FUNCTION_VARS); // while it runs, with its own function object
  });

  it("counts a top-level script's let, const and class names as data; its vars and functions are left to the globals walk", () => {
    // A: name 1 + value 99999 (not inline) 1; B: name 1 + [1,2] (1 + 2 indexes with inline ints);
    // class C: name 1 (its constructor is a resident function); v: var, a global.
    const got = bundleRam("const A=99999;let B=[1,2];class C{}var v=7;function f(){}setInterval(f,1);");
    assert.equal(got.dataVars, 2 + 4 + 1);
  });

  it("prices a resident function's parameters and, below two function scopes, its copied scope chain", () => {
    // f: made in the IIFE (one scope, linked directly), two parameters "\xFFa" "\xFFb": 5 + 2.
    // The closure f returns: made in f's scope below the IIFE's (a chain of 2, copied into an
    // array: 1 + 2), one parameter: 5 + 1 + 3.
    const code = "!function(){function f(a,b){return function(c){return c+a+b}}setInterval(f(1,2),1)}();";
    const got = bundleRam(code);
    assert.equal(got.residentFunctions, 2);
    assert.equal(got.residentFunctionVars, FUNCTION_VARS + 2 + (FUNCTION_VARS + 1 + 3));
    assert.deepEqual([got.residentParameterVars, got.residentChainVars], [3, 3]);
    // A long parameter name takes more than one block: "\xFF" + 17 characters is 3.
    assert.equal(bundleRam("!function(){function f(averyverylongname){}setInterval(f,1)}();").residentFunctionVars, FUNCTION_VARS + 3);
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
    // a save of the newer record holds its JSON (32 characters: 3 blocks) and its text (45: 4)
    assert.equal(saveStringVars([older, newer]), 3 + 4);
    assert.equal(saveStringVars(["not a record"]), 0);
    // the newer record: its object and the array; "abcdefghij"
    assert.deepEqual(persistedStateShape([older, newer]), { objects: 2, stringChars: 10 });
    assert.deepEqual(persistedStateShape(["not a record"]), { objects: 0, stringChars: 0 });
  });

  it("process.memory() on a board adds the bundle's functions and data to its globals", () => {
    const t = bootBoard("var TABLE=[1,2,3];function tick(){}setInterval(tick,1000);");
    const parts = t.board.interpreter()?.jsVarsParts();
    assert.ok(parts);
    assert.equal(parts.functions, FUNCTION_VARS - 1); // tick, without its name: a global, counted below
    assert.equal(parts.bundleData, 0); // the program's own scope is the globals, walked at run time:
    assert.equal(parts.globals, 2 + 1 + 3 + 1); // "TABLE" (a 5-character name), its array, 3 inline ints; tick's name
    assert.equal(parts.timersAndWatches, 3);
  });

  it("process.memory() counts resident functions only: the bundle's IIFE costs nothing at rest", () => {
    const t = bootBoard("!function(){function tick(){}setInterval(tick,1000)}();");
    assert.equal(t.board.interpreter()?.jsVarsParts().functions, FUNCTION_VARS); // tick
  });
});
