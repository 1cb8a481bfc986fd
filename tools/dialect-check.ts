// Proves a built bundle is inside the Espruino dialect (docs/espruino-dialect.md):
// parses it with acorn and reports every construct and global from the dialect's "fails" lists,
// plus calls of function declarations before their definition (Espruino does not hoist), and an
// expression statement that starts with a string literal right after a try/catch (misevaluated).
import { parse } from "acorn";
import type { Node } from "acorn";
import { ancestor, base } from "acorn-walk";

export interface DialectProblem {
  line: number;
  column: number;
  rule: string;
  message: string;
}

/** Global objects Espruino lacks. */
const MISSING_GLOBALS = ["Map", "Set", "WeakMap", "WeakSet", "WeakRef", "Symbol", "Proxy", "Reflect", "exports", "module"];
/** Static members Espruino lacks, as Object.member. */
const MISSING_STATICS = [
  "Array.from", "Number.isInteger", "Number.isFinite", "Number.MAX_SAFE_INTEGER", "Number.MIN_SAFE_INTEGER",
  "Math.trunc", "Object.freeze", "Promise.race", "Promise.allSettled", "Promise.any",
];
/** Prototype methods Espruino lacks; flagged on any object (names are distinctive enough). */
const MISSING_METHODS = ["flat", "flatMap", "at", "finally", "trimStart", "trimEnd", "codePointAt", "matchAll", "replaceAll"];

/** Regular-expression features that silently never match (or throw) on Espruino. */
function regexProblem(pattern: string, flags: string): string {
  if (flags.indexOf("s") >= 0) return "regex flag /s is a SyntaxError";
  if (flags.indexOf("u") >= 0 || flags.indexOf("y") >= 0) return "regex flags /u and /y are not supported";
  if (pattern.indexOf("(?=") >= 0 || pattern.indexOf("(?!") >= 0) return "regex lookahead silently never matches";
  if (pattern.indexOf("(?<") >= 0) return "regex lookbehind and named groups do not work";
  if (pattern.indexOf("\\b") >= 0) return "regex \\b silently never matches";
  if (/\{\d*,\d*\}/.test(pattern)) return "regex {m,n} silently never matches";
  return "";
}

type AnyNode = Node & Record<string, unknown>;

function isFunction(node: AnyNode): boolean {
  return node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression";
}

/** An immediately called function (`(function(){})()`, `!function(){}()`): its body runs at once. */
function calledAtOnce(fn: AnyNode, parent: AnyNode | undefined): boolean {
  return parent !== undefined && parent.type === "CallExpression" && parent.callee === fn;
}

/** Identifiers referenced while `stmt` runs (not inside functions that only run later). */
function eagerReferences(stmt: AnyNode, names: Set<string>, found: AnyNode[]): void {
  const visit = (node: AnyNode, parent: AnyNode | undefined): void => {
    if (isFunction(node) && !calledAtOnce(node, parent)) return;
    if (node.type === "Identifier" && names.has(node.name as string)) found.push(node);
    for (const key of Object.keys(node)) {
      if (key === "id" && isFunction(node)) continue;
      if (key === "params") continue;
      if (key === "property" && node.type === "MemberExpression" && !node.computed) continue;
      if (key === "key" && (node.type === "Property" || node.type === "MethodDefinition" || node.type === "PropertyDefinition") && !node.computed) continue;
      if (key === "label") continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof c.type === "string") visit(c as AnyNode, node);
      } else if (child && typeof (child as AnyNode).type === "string") {
        visit(child as AnyNode, node);
      }
    }
  };
  visit(stmt, undefined);
}

/** Statement lists (program and function bodies) in which to look for use before definition. */
function checkHoisting(body: AnyNode[], report: (node: AnyNode, rule: string, message: string) => void): void {
  const pending = new Set<string>();
  for (const stmt of body) if (stmt.type === "FunctionDeclaration" || stmt.type === "ClassDeclaration") pending.add((stmt.id as AnyNode).name as string);
  for (const stmt of body) {
    if (pending.size === 0) return;
    if (stmt.type === "FunctionDeclaration" || stmt.type === "ClassDeclaration") {
      pending.delete((stmt.id as AnyNode).name as string);
      continue;
    }
    const found: AnyNode[] = [];
    eagerReferences(stmt, pending, found);
    for (const id of found) report(id, "hoisting", `${id.name as string} is used before its declaration (Espruino does not hoist functions)`);
  }
}

/**
 * Right after `try{…}catch{…}` (with or without a binding), Espruino 2v29 evaluates an expression
 * statement that starts with a string literal wrongly: `try{…}catch{…}"a"=="a"||(r=1)` sets r.
 * terser writes `typeof x!=="object"` as `"object"!=typeof x`, so this comes from plain code.
 */
function checkAfterTry(body: AnyNode[], code: string, report: (node: AnyNode, rule: string, message: string) => void): void {
  for (let i = 1; i < body.length; i++) {
    const prev = body[i - 1];
    const stmt = body[i];
    if (prev.type !== "TryStatement" || !prev.handler || stmt.type !== "ExpressionStatement") continue;
    const first = code.charAt(stmt.start);
    if (first === '"' || first === "'" || first === "`") report(stmt, "after-try", "an expression statement starting with a string right after try/catch is misevaluated: put another statement between");
  }
}

export function checkDialect(code: string): DialectProblem[] {
  const problems: DialectProblem[] = [];
  let program: AnyNode;
  try {
    program = parse(code, { ecmaVersion: "latest", sourceType: "module", locations: true }) as unknown as AnyNode;
  } catch (error) {
    const e = error as { message: string; loc?: { line: number; column: number } };
    return [{ line: e.loc ? e.loc.line : 0, column: e.loc ? e.loc.column : 0, rule: "parse", message: e.message }];
  }
  const report = (node: AnyNode, rule: string, message: string): void => {
    const loc = node.loc as { start: { line: number; column: number } };
    problems.push({ line: loc.start.line, column: loc.start.column, rule, message });
  };
  const declared = new Set<string>();
  const collectDeclared = (node: AnyNode): void => {
    if (node.type === "Identifier") declared.add(node.name as string);
  };
  const onFunction = (node: AnyNode): void => {
    if (node.async) report(node, "async", "async functions are not supported");
    if (node.generator) report(node, "generator", "generators are not supported");
    if (node.id) collectDeclared(node.id as AnyNode);
    for (const p of node.params as AnyNode[]) collectDeclared(p);
    const body = node.body as AnyNode;
    if (body.type === "BlockStatement") checkHoisting(body.body as AnyNode[], report);
  };
  const identifiers: AnyNode[] = [];
  const rules: Record<string, (node: AnyNode, ancestors: AnyNode[]) => void> = {
    ImportDeclaration: (n) => report(n, "module", "import: the bundle must be one script"),
    ImportExpression: (n) => report(n, "module", "dynamic import(): the bundle must be one script"),
    ExportNamedDeclaration: (n) => report(n, "module", "export: the bundle must be one script (exports/module are undefined)"),
    ExportDefaultDeclaration: (n) => report(n, "module", "export: the bundle must be one script (exports/module are undefined)"),
    ExportAllDeclaration: (n) => report(n, "module", "export: the bundle must be one script (exports/module are undefined)"),
    ObjectPattern: (n) => report(n, "destructuring", "destructuring fails, often as a silent ReferenceError"),
    ArrayPattern: (n) => report(n, "destructuring", "destructuring fails, often as a silent ReferenceError"),
    SpreadElement: (n) => report(n, "spread", "spread is not supported"),
    RestElement: (n) => report(n, "rest", "rest elements and parameters are not supported"),
    AssignmentPattern: (n) => report(n, "default-param", "default parameters are not supported"),
    ChainExpression: (n) => report(n, "optional-chaining", "optional chaining ?. is not supported"),
    BinaryExpression: (n) => {
      if (n.operator === "**") report(n, "exponent", "the ** operator is not supported");
    },
    AssignmentExpression: (n) => {
      if (n.operator === "**=") report(n, "exponent", "the **= operator is not supported");
      if (n.operator === "||=" || n.operator === "&&=" || n.operator === "??=") report(n, "logical-assign", `${n.operator as string} is not supported`);
    },
    Property: (n) => {
      if (n.computed) report(n, "computed-key", "computed keys are not supported");
    },
    MethodDefinition: (n) => {
      if (n.computed) report(n, "computed-key", "computed keys are not supported");
      if ((n.key as AnyNode).type === "PrivateIdentifier") report(n, "private", "#private members are not supported");
    },
    PropertyDefinition: (n) => {
      if (n.computed) report(n, "computed-key", "computed keys are not supported");
      if ((n.key as AnyNode).type === "PrivateIdentifier") report(n, "private", "#private members are not supported");
    },
    AwaitExpression: (n) => report(n, "async", "await is not supported"),
    YieldExpression: (n) => report(n, "generator", "yield is not supported"),
    LabeledStatement: (n) => report(n, "label", "labels are not supported"),
    PrivateIdentifier: (n) => report(n, "private", "#private members are not supported"),
    ClassDeclaration: (n) => {
      if (n.superClass) report(n, "class-extends", "class inheritance breaks (statics not inherited, instanceof wrong)");
      if (n.id) collectDeclared(n.id as AnyNode);
    },
    ClassExpression: (n) => {
      if (n.superClass) report(n, "class-extends", "class inheritance breaks (statics not inherited, instanceof wrong)");
    },
    ForStatement: (n) => {
      const init = n.init as AnyNode | null;
      if (init && init.type === "VariableDeclaration" && init.kind !== "var") report(n, "for-let", "let/const in a for loop is not rebound per iteration: use var");
    },
    ForInStatement: (n) => {
      const left = n.left as AnyNode;
      if (left.type === "VariableDeclaration" && left.kind === "let") report(n, "for-let", "let in a for-in loop is not rebound per iteration: use var");
    },
    Literal: (n) => {
      const regex = n.regex as { pattern: string; flags: string } | undefined;
      if (regex) {
        const why = regexProblem(regex.pattern, regex.flags);
        if (why) report(n, "regex", why);
      }
    },
    MemberExpression: (n) => {
      if ((n.property as AnyNode).type === "PrivateIdentifier") report(n, "private", "#private members are not supported");
      if (n.computed) return;
      const obj = n.object as AnyNode;
      const prop = (n.property as AnyNode).name as string;
      if (obj.type === "Identifier" && MISSING_STATICS.indexOf(`${obj.name as string}.${prop}`) >= 0) {
        report(n, "missing-api", `${obj.name as string}.${prop} does not exist on Espruino`);
      } else if (MISSING_METHODS.indexOf(prop) >= 0) {
        report(n, "missing-api", `.${prop} does not exist on Espruino`);
      }
    },
    VariableDeclarator: (n) => collectDeclared(n.id as AnyNode),
    BlockStatement: (n) => checkAfterTry(n.body as AnyNode[], code, report),
    SwitchCase: (n) => checkAfterTry(n.consequent as AnyNode[], code, report),
    FunctionDeclaration: onFunction,
    FunctionExpression: onFunction,
    ArrowFunctionExpression: onFunction,
    CatchClause: (n) => {
      if (n.param) collectDeclared(n.param as AnyNode);
    },
    Identifier: (n) => {
      identifiers.push(n);
    },
  };
  ancestor(program, rules as never, { ...base });
  checkHoisting(program.body as AnyNode[], report);
  checkAfterTry(program.body as AnyNode[], code, report);
  for (const id of identifiers) {
    const name = id.name as string;
    if (MISSING_GLOBALS.indexOf(name) >= 0 && !declared.has(name)) report(id, "missing-api", `${name} does not exist on Espruino`);
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return problems;
}
