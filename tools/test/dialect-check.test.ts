// One failing snippet per dialect rule, and passing code shaped like a real bundle.
import assert from "node:assert/strict";
import { checkDialect } from "../dialect-check.ts";

function rulesOf(code: string): string[] {
  return checkDialect(code).map((p) => p.rule);
}

const FAILING: [string, string, string][] = [
  ["object destructuring", "var o = {a: 1}; var {a} = o;", "destructuring"],
  ["array destructuring", "var [x, y] = [1, 2];", "destructuring"],
  ["destructured parameter", "function f({a}) { return a; } f({a: 1});", "destructuring"],
  ["spread in a call", "var a = [1]; Math.max(...a);", "spread"],
  ["spread in an object", "var a = {}; var b = {...a};", "spread"],
  ["rest parameter", "function f(...args) { return args; } f();", "rest"],
  ["default parameter", "function f(a = 1) { return a; } f();", "default-param"],
  ["optional chaining", "var a = {}; a?.b;", "optional-chaining"],
  ["exponent operator", "var a = 2 ** 3;", "exponent"],
  ["exponent assignment", "var a = 2; a **= 3;", "exponent"],
  ["logical assignment", "var a = 0; a ||= 3;", "logical-assign"],
  ["computed key", "var k = 'x'; var o = {[k]: 1};", "computed-key"],
  ["computed class member", "var k = 'x'; class A { [k]() {} }", "computed-key"],
  ["async function", "async function f() {} f();", "async"],
  ["await", "async function f() { await 1; } f();", "async"],
  ["generator", "function* g() { yield 1; } g();", "generator"],
  ["label", "outer: for (var i = 0; i < 2; i++) { break outer; }", "label"],
  ["#private", "class A { #x = 1; get() { return this.#x; } }", "private"],
  ["class extends", "class A {} class B extends A {}", "class-extends"],
  ["let in a for loop", "for (let i = 0; i < 2; i++) {}", "for-let"],
  ["let in a for-in loop", "for (let k in {}) {}", "for-let"],
  ["regex lookahead", "var r = /a(?=b)/;", "regex"],
  ["regex \\b", "var r = /\\bword/;", "regex"],
  ["regex {m,n}", "var r = /a{1,3}/;", "regex"],
  ["regex named group", "var r = /(?<year>\\d+)/;", "regex"],
  ["regex /s flag", "var r = /a.b/s;", "regex"],
  ["Map", "var m = new Map();", "missing-api"],
  ["Set", "var s = new Set();", "missing-api"],
  ["WeakMap", "var w = new WeakMap();", "missing-api"],
  ["Symbol", "var s = Symbol('x');", "missing-api"],
  ["Array.from", "var a = Array.from('ab');", "missing-api"],
  [".flat", "var a = [[1]].flat();", "missing-api"],
  [".at", "var a = [1].at(0);", "missing-api"],
  ["Number.isInteger", "Number.isInteger(1);", "missing-api"],
  ["Number.isFinite", "Number.isFinite(1);", "missing-api"],
  ["Number.MAX_SAFE_INTEGER", "var n = Number.MAX_SAFE_INTEGER;", "missing-api"],
  ["Math.trunc", "Math.trunc(1.5);", "missing-api"],
  ["Object.freeze", "Object.freeze({});", "missing-api"],
  ["Promise.finally", "Promise.resolve(1).finally(function () {});", "missing-api"],
  ["Promise.race", "Promise.race([]);", "missing-api"],
  ["Promise.allSettled", "Promise.allSettled([]);", "missing-api"],
  ["trimStart", "' a'.trimStart();", "missing-api"],
  ["codePointAt", "'a'.codePointAt(0);", "missing-api"],
  ["top-level export", "export var a = 1;", "module"],
  ["import", "import x from 'x'; x();", "module"],
  ["exports", "exports.a = 1;", "missing-api"],
  ["module", "module.exports = {};", "missing-api"],
  ["call before declaration", "f(); function f() {}", "hoisting"],
  ["call before declaration in a function", "function g() { h(); function h() {} } g();", "hoisting"],
  ["call before declaration inside an IIFE", "!function () { f(); }(); function f() {}", "hoisting"],
  ["class used before declaration", "new A(); class A {}", "hoisting"],
  ["a string-led expression right after try/catch", "function f(i){var r;try{r=JSON.parse(i)}catch{r=null}\"object\"==typeof r||(r=null);return r}", "after-try"],
  ["the same after catch with a binding, at top level", "var r;try{r=1}catch(e){r=0}'a'=='a'||(r=2);", "after-try"],
];

describe("dialect check", () => {
  for (const [name, code, rule] of FAILING) {
    it(`refuses ${name}`, () => {
      assert.ok(rulesOf(code).includes(rule), `expected rule ${rule}, got ${JSON.stringify(checkDialect(code))}`);
    });
  }

  it("reports a parse error as a problem, not a throw", () => {
    assert.deepEqual(rulesOf("var = ;"), ["parse"]);
  });

  it("reports line and column", () => {
    const [p] = checkDialect("var a = 1;\nvar b = a ** 2;");
    assert.equal(p.line, 2);
    assert.equal(p.column, 8);
  });

  it("passes a bundle written in the dialect", () => {
    const bundle = [
      "!function(){",
      "function n(t){return t.activeLow}",
      "const e=['relay','led'];",
      "class W{constructor(t){this.t=t}get s(){return this.t}static make(){return new W(1)}}",
      "function r(o){var i,c=0;for(var k=0;k<e.length;k++)c+=k;for(const x of e)c+=x.length;",
      "i=setTimeout(function(){u()},10);function u(){clearTimeout(i)}",
      "const m=`c=${c}`;const a=o.b??1;const s={a,b(){return 2}};",
      "try{JSON.parse('x')}catch{}return Object.assign({},s,{m:m,a:a,n:n(o),w:W.make().s})}",
      "r({activeLow:!1,b:2})",
      "}();",
    ].join("\n");
    assert.deepEqual(checkDialect(bundle), []);
  });

  it("allows a local variable named like a missing global", () => {
    assert.deepEqual(checkDialect("function f(Map){return Map} f(1);"), []);
  });
});
