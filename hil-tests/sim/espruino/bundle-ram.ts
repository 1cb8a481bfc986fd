// What a bundle keeps in RAM that node:vm cannot show us (closures are opaque to it), read from the
// bundle's syntax (acorn). On Espruino a function object and a call's scope exist only while
// something references them, so the analysis asks, for every function and every scope, whether it
// is still referenced when the board is idle ("at rest"):
// - A scope stays alive when a function created in it escapes: anything but a function called on
//   the spot (`function(e){...}(x)`, `main` inlined by terser) or a declared helper that the scope only
//   ever calls by name. An escaping function is stored somewhere (returned, assigned, passed to
//   setInterval/on()), and Espruino stores the whole lexical chain of scopes with every function
//   it defines (jspeiGetScopesAsVar, src/jsparse.c): the scope and all its parents stay.
// - A function is resident when it is not called on the spot and the scope that creates it stays
//   alive (the scope holds its name, or it escaped). All others are transient: created, run and
//   freed (an on-the-spot function; a helper declared in a scope that does not stay alive).
// - The data of scopes that stay alive (names, parameters, object/array literals, literal values)
//   is at-rest data. The data of the others exists only while they run: the peak estimate.
// Costs are Espruino's block model (memory.ts). Over-counts: option objects passed once in a kept
// scope, locals of a kept function that runs often (a timer re-arming itself), a callback passed to
// something that does not keep it (forEach) counts as escaping; names are matched without block
// scoping (a shadowing name used as a value makes its helper look escaping). Blind to: objects
// filled by loops or at run time (those reachable from flash are counted by persistedStateVars),
// strings built at run time, which function calls which (the peak follows nesting, not calls),
// Espruino's own buffers and built-ins.
import { parse } from "acorn";
import { FUNCTION_VARS, inlineValue, nameVars, stringVars } from "./memory.ts";

// acorn's ESTree nodes, as far as this file reads them.
interface Node {
  type: string;
  start: number;
  [field: string]: unknown;
}

export interface BundleRam {
  /** Functions in the bundle (declarations, expressions, arrows, class and object methods). */
  functions: number;
  /** Of `functions`, those that exist at rest (cost FUNCTION_VARS each while the board idles). */
  residentFunctions: number;
  /** Of `functions`, those created, run and freed (called on the spot, helpers of a short-lived scope). */
  transientFunctions: number;
  /** Blocks of the resident functions, each priced by functionVars(): its parameters and scope chain included. */
  residentFunctionVars: number;
  /** Of residentFunctionVars: the parameters' name blocks, and the copied scope-chain arrays. */
  residentParameterVars: number;
  residentChainVars: number;
  /** Taken off residentFunctionVars: the names of top-level function declarations, which are globals (walked). */
  residentGlobalNames: number;
  /**
   * Blocks of the data kept in the bundle's long-lived scopes: names, literals, tables; and the
   * program's own let/const/class names (its vars and functions are globals, walked at run time).
   */
  dataVars: number;
  /**
   * Of dataVars, the blocks beyond the first of each string literal: Espruino 2v21+ running a
   * pretokenised bundle from flash references such strings in flash instead of copying them.
   */
  stringTailVars: number;
  /** Of `residentFunctions`, those made inside another function: closures, each holding its scope. */
  residentClosures: number;
  /** Object and array literals, and characters of string literals, in the data of long-lived scopes. */
  dataObjects: number;
  dataStringChars: number;
  /**
   * Blocks a running piece of code adds on top of the at-rest figure: the largest chain of nested
   * short-lived scopes (their names and literals, and their transient function objects). Calls
   * into other functions and strings built at run time are not in it.
   */
  peakVars: number;
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

/** The node's children with the field that holds them. */
function children(node: Node): [string, Node][] {
  const out: [string, Node][] = [];
  for (const key of Object.keys(node)) {
    const v = node[key];
    if (Array.isArray(v)) for (const c of v) if (isNode(c)) out.push([key, c]);
    if (isNode(v)) out.push([key, v]);
  }
  return out;
}

/** An identifier in this position is a name being declared or a property, not a use of a variable. */
function notAValue(parent: Node, key: string): boolean {
  if (key === "callee") return true; // a call uses the function, it does not store it
  if ((parent.type === "MemberExpression" && key === "property") || (key === "key" && parent.computed !== true)) return parent.computed !== true;
  return (parent.type === "VariableDeclarator" || parent.type === "ClassDeclaration" || parent.type === "ClassExpression") && key === "id";
}

interface Created {
  fn: Node;
  onTheSpot: boolean;
  /** The name of a function declaration: it may be a helper its scope only calls. */
  declared: string | null;
}

interface Scope {
  fn: Node | null; // null: the program
  parent: Scope | null;
  kept: boolean;
  onTheSpot: boolean;
  /** Blocks of all its names and literals: its data at rest if it stays alive. */
  vars: number;
  /** While it runs: names with their values and the literals bound to names all exist at once... */
  boundVars: number;
  /** ...but of the other literals (returned, passed on, one per `case`) only one at a time: the largest. */
  largestLooseVars: number;
  stringTailVars: number;
  objects: number;
  stringChars: number;
  created: Created[];
  /** Names used as values (not called) in this scope and the scopes inside it. */
  valueNames: Set<string>;
  inner: Scope[];
}

function newScope(fn: Node | null, parent: Scope | null, onTheSpot: boolean): Scope {
  return { fn, parent, kept: false, onTheSpot, vars: 0, boundVars: 0, largestLooseVars: 0, stringTailVars: 0, objects: 0, stringChars: 0, created: [], valueNames: new Set(), inner: [] };
}

function analyse(program: Node): BundleRam {
  const top = newScope(null, null, false);
  let topLexicalVars = 0;
  const scopes: Scope[] = [top]; // outer scopes before inner ones

  // Pass 1: the tree of scopes, the functions each creates, each scope's data as if kept, and the
  // names each scope uses as values.
  const visit = (node: Node, scope: Scope, parent: Node | null, key: string, inLiteral: boolean): void => {
    if (isFunction(node)) {
      const onTheSpot = parent !== null && (parent.type === "CallExpression" || parent.type === "NewExpression") && key === "callee";
      const id = node.id as Node | null | undefined;
      const declared = node.type === "FunctionDeclaration" && id ? String(id.name) : null;
      scope.created.push({ fn: node, onTheSpot, declared });
      const own = newScope(node, scope, onTheSpot);
      scope.inner.push(own);
      scopes.push(own);
      for (const p of node.params as Node[]) own.vars += p.type === "Identifier" ? nameVars(String(p.name).length) : 1;
      own.boundVars = own.vars;
      visit(node.body as Node, own, node, "body", false);
      return;
    }
    if (node.type === "CallExpression" && isFunction(node.callee as Node)) {
      // An object or array literal passed to a function called on the spot is held by that
      // function's parameter, so it lives as long as the callee's scope (terser's `main(board)`).
      visit(node.callee as Node, scope, node, "callee", inLiteral);
      const callee = scope.inner[scope.inner.length - 1];
      for (const arg of node.arguments as Node[]) {
        if (isLiteralData(arg)) {
          const vars = literalVars(arg, callee);
          callee.vars += vars;
          callee.boundVars += vars;
        }
        visit(arg, scope, node, "arguments", inLiteral || isLiteralData(arg));
      }
      return;
    }
    if (node.type === "Identifier" && (parent === null || !notAValue(parent, key))) scope.valueNames.add(String(node.name));
    if (node.type === "VariableDeclarator") {
      const id = node.id as Node;
      const init = node.init as Node | null;
      const vars = (id.type === "Identifier" ? nameVars(String(id.name).length) : 1) + (init !== null && !isLiteralData(init) ? slotVars(init, scope) : 0);
      scope.vars += vars;
      scope.boundVars += vars;
      // The program's let/const live in the interpreter's root like its vars, but node:vm keeps
      // them out of the global object that memory.ts walks: count them here.
      if (scope === top && parent?.kind !== "var") topLexicalVars += vars + (init !== null && isLiteralData(init) ? literalVars(init, scope) : 0);
    }
    if (scope === top && node.type === "ClassDeclaration") topLexicalVars += nameVars(String((node.id as Node).name).length);
    const data = !inLiteral && isLiteralData(node);
    if (data) {
      const vars = literalVars(node, scope);
      scope.vars += vars;
      if (parent?.type === "VariableDeclarator" && key === "init") scope.boundVars += vars;
      else scope.largestLooseVars = Math.max(scope.largestLooseVars, vars);
    }
    for (const [k, c] of children(node)) visit(c, scope, node, k, inLiteral || data);
  };
  visit(program, top, null, "", false);

  // Pass 2, inner scopes first: a scope's value names include its inner scopes' (a closure calling
  // nothing but passing a helper on makes the helper escape).
  for (let i = scopes.length - 1; i > 0; i--) for (const n of scopes[i].valueNames) scopes[i].parent?.valueNames.add(n);

  // Pass 3: a scope that creates an escaping function stays alive, and with it its parents.
  const escapes = (c: Created, s: Scope): boolean => !c.onTheSpot && (c.declared === null || s.valueNames.has(c.declared));
  top.kept = true; // the program's scope is the global object
  for (const s of scopes) {
    if (!s.created.some((c) => escapes(c, s))) continue;
    for (let p: Scope | null = s; p !== null && !p.kept; p = p.parent) p.kept = true;
  }

  let resident = 0;
  let transient = 0;
  // A function declared at the program's top level is a global: memory.ts's walk of the globals
  // counts its name, which FUNCTION_VARS includes too.
  const residentVars = { parameters: 0, chains: 0, globalNames: 0, closures: 0 };
  for (const s of scopes) {
    for (const c of s.created) {
      if (s.kept && !c.onTheSpot) {
        resident++;
        residentVars.parameters += parameterVars(c.fn);
        residentVars.chains += chainVars(chainDepth(s));
        if (s === top && c.declared !== null) residentVars.globalNames++;
        if (s !== top) residentVars.closures++;
      } else {
        transient++;
      }
    }
  }

  // The peak: a short-lived scope costs its data, its own function object if it was made to be
  // called on the spot, and the helpers it declares (hoisted: made when it is entered); the scopes
  // nested in it run inside it. Kept scopes are already in the at-rest figure.
  const chain = (s: Scope): number => {
    const own = s.boundVars + s.largestLooseVars + FUNCTION_VARS * ((s.onTheSpot ? 1 : 0) + s.created.filter((c) => !c.onTheSpot).length);
    return own + Math.max(0, ...s.inner.filter((i) => !i.kept).map(chain));
  };
  const peakVars = Math.max(0, ...scopes.filter((s) => !s.kept && s.parent?.kept === true).map(chain));

  // The program's own scope is the global object: the run-time walk of globals sees it (memory.ts).
  const kept = scopes.filter((s) => s.kept && s !== top);
  return {
    functions: resident + transient,
    residentFunctions: resident,
    transientFunctions: transient,
    residentFunctionVars: resident * FUNCTION_VARS + residentVars.parameters + residentVars.chains - residentVars.globalNames,
    residentParameterVars: residentVars.parameters,
    residentChainVars: residentVars.chains,
    residentGlobalNames: residentVars.globalNames,
    dataVars: topLexicalVars + kept.reduce((sum, s) => sum + s.vars, 0),
    stringTailVars: kept.reduce((sum, s) => sum + s.stringTailVars, 0),
    residentClosures: residentVars.closures,
    dataObjects: kept.reduce((sum, s) => sum + s.objects, 0),
    dataStringChars: kept.reduce((sum, s) => sum + s.stringChars, 0),
    peakVars,
  };
}

/** Function scopes on the lexical chain of a function created in `s` (the program's scope is not one). */
function chainDepth(s: Scope): number {
  let depth = 0;
  for (let p: Scope | null = s; p !== null; p = p.parent) if (p.fn !== null) depth++;
  return depth;
}

// One function object as Espruino builds it (jspeFunctionDefinition and
// jspeFunctionDefinitionInternal, src/jsparse.c): FUNCTION_VARS for the object, its code (a name
// and a string pointing into flash), its scope link and its own name where it is kept; plus
// parameterVars and chainVars.

/** One name block per parameter ("\xFF" + the name). */
function parameterVars(fn: Node): number {
  let vars = 0;
  for (const p of fn.params as Node[]) vars += p.type === "Identifier" ? nameVars(String(p.name).length + 1) : 1;
  return vars;
}

/**
 * Made below more than one function scope, a function's scope link is a copied array of the chain
 * (jspeiGetScopesAsVar: one array block and one per scope); made in one, it links that scope
 * directly, and made at the top level of the bundle, it links none (counted as 5 all the same).
 */
function chainVars(depth: number): number {
  return depth > 1 ? 1 + depth : 0;
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
      scope.stringChars += node.value.length;
      const vars = stringVars(node.value.length);
      scope.stringTailVars += vars - 1;
      return vars;
    }
    case "ObjectExpression": {
      scope.objects++;
      let vars = 1;
      for (const p of node.properties as Node[]) {
        const key = p.key as Node | undefined;
        const name = key === undefined ? "" : key.type === "Identifier" ? String(key.name) : String((key as { value?: unknown }).value ?? "");
        vars += nameVars(name.length) + (p.value === undefined ? 1 : slotVars(p.value as Node, scope));
      }
      return vars;
    }
    case "ArrayExpression": {
      scope.objects++;
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
