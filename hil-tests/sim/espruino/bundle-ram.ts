// What a bundle keeps in RAM that node:vm cannot show us (closures are opaque to it), read from the
// bundle's syntax (acorn): its functions, including class and shorthand methods and arrows, and the
// data in scopes that outlive their call. A scope is kept when its function creates a function that
// is not called on the spot (a factory, a constructor, the bundle's IIFE): then its variables, its
// parameters and every object/array literal written in it stay alive with the closures. Costs are
// Espruino's block model (memory.ts). Over-counts: option objects passed once in a kept scope, locals
// of a kept function that runs often (a timer re-arming itself). Blind to: objects filled by loops
// or at run time (those reachable from flash are counted by persistedStateVars), Espruino's own
// buffers and built-ins.
import { parse } from "acorn";
import { inlineValue, nameVars, stringVars } from "./memory.ts";

// acorn's ESTree nodes, as far as this file reads them.
interface Node {
  type: string;
  start: number;
  [field: string]: unknown;
}

export interface BundleRam {
  /** Functions in the bundle (declarations, expressions, arrows, class and object methods). */
  functions: number;
  /** Blocks of the data kept in the bundle's long-lived scopes: names, literals, tables. */
  dataVars: number;
  /**
   * Of dataVars, the blocks beyond the first of each string literal: Espruino 2v21+ running a
   * pretokenised bundle from flash references such strings in flash instead of copying them.
   */
  stringTailVars: number;
}

const cache = new Map<string, BundleRam>();

/** The estimate for one bundle text; cached, because every simulated boot runs the same bundle. */
export function bundleRam(code: string): BundleRam {
  let got = cache.get(code);
  if (got === undefined) {
    got = analyse(parse(code, { ecmaVersion: "latest", sourceType: "script" }) as unknown as Node);
    cache.set(code, got);
  }
  return got;
}

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && typeof (v as Node).type === "string";
const isFunction = (n: Node): boolean => n.type === "FunctionDeclaration" || n.type === "FunctionExpression" || n.type === "ArrowFunctionExpression";
const isLiteralData = (n: Node): boolean => n.type === "ObjectExpression" || n.type === "ArrayExpression";

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) if (isNode(c)) out.push(c);
    if (isNode(v)) out.push(v);
  }
  return out;
}

interface Scope {
  fn: Node | null; // null: the program
  kept: boolean;
  vars: number;
  stringTailVars: number;
}

function analyse(program: Node): BundleRam {
  let functions = 0;
  const scopes: Scope[] = [];
  const top: Scope = { fn: null, kept: true, vars: 0, stringTailVars: 0 };
  scopes.push(top);

  // One pass: count functions, find which scopes are kept, and tally each scope's data as if kept.
  const visit = (node: Node, scope: Scope, parent: Node | null, inLiteral: boolean): void => {
    if (isFunction(node)) {
      functions++;
      const calledOnTheSpot = parent !== null && (parent.type === "CallExpression" || parent.type === "NewExpression") && parent.callee === node;
      if (!calledOnTheSpot) scope.kept = true;
      const own: Scope = { fn: node, kept: false, vars: 0, stringTailVars: 0 };
      scopes.push(own);
      for (const p of node.params as Node[]) own.vars += p.type === "Identifier" ? nameVars(String(p.name).length) : 1;
      visit(node.body as Node, own, node, false);
      return;
    }
    if (node.type === "VariableDeclarator") {
      const id = node.id as Node;
      scope.vars += id.type === "Identifier" ? nameVars(String(id.name).length) : 1;
      const init = node.init as Node | null;
      if (init !== null && init.type !== "ObjectExpression" && init.type !== "ArrayExpression") scope.vars += slotVars(init, scope);
    }
    const data = !inLiteral && isLiteralData(node);
    if (data) scope.vars += literalVars(node, scope);
    for (const c of children(node)) visit(c, scope, node, inLiteral || data);
  };
  visit(program, top, null, false);
  // The program's own scope is the global object: the run-time walk of globals sees it (memory.ts).
  const kept = scopes.filter((s) => s.kept && s !== top);
  return { functions, dataVars: kept.reduce((sum, s) => sum + s.vars, 0), stringTailVars: kept.reduce((sum, s) => sum + s.stringTailVars, 0) };
}

/** The literal's value as written (`!0`, `-1`, `6e5`), or undefined for anything else. */
function constant(node: Node): unknown {
  if (node.type === "Literal") return node.value;
  if (node.type === "UnaryExpression" && (node.argument as Node).type === "Literal") {
    const v = (node.argument as Node).value;
    if (node.operator === "!") return !v;
    if (node.operator === "-" && typeof v === "number") return -v;
  }
  return undefined;
}

/** Blocks a value adds to the name that holds it: none when the name block holds it (small int, bool). */
function slotVars(node: Node, scope: Scope): number {
  return inlineValue(constant(node)) ? 0 : literalVars(node, scope);
}

/** Blocks of a literal value as it sits in RAM; a function inside is counted with the functions. */
function literalVars(node: Node, scope: Scope): number {
  switch (node.type) {
    case "Literal": {
      if (typeof node.value !== "string") return 1;
      const vars = stringVars(node.value.length);
      scope.stringTailVars += vars - 1;
      return vars;
    }
    case "ObjectExpression": {
      let vars = 1;
      for (const p of node.properties as Node[]) {
        const key = p.key as Node | undefined;
        const name = key === undefined ? "" : key.type === "Identifier" ? String(key.name) : String((key as { value?: unknown }).value ?? "");
        vars += nameVars(name.length) + (p.value === undefined ? 1 : slotVars(p.value as Node, scope));
      }
      return vars;
    }
    case "ArrayExpression": {
      let vars = 1;
      for (const e of node.elements as (Node | null)[]) vars += 1 + (e === null ? 0 : slotVars(e, scope));
      return vars;
    }
    default:
      // A function is in the function count; any other expression leaves one value (a number,
      // a reference) in the slot.
      return isFunction(node) ? 0 : 1;
  }
}
