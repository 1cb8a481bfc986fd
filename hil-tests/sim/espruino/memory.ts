// A plausible JsVar count for process.memory(): Espruino stores every value in fixed-size
// blocks (JsVars), so count the way it does, roughly: one per object/array/number, one per
// property name, strings in 12-character blocks, functions at ~5 each plus their code when it
// lives in RAM (code run from .bootcde stays in flash, per the dialect notes).

const STRING_CHARS_PER_VAR = 12;
const FUNCTION_VARS = 5;

export function estimateJsVars(roots: Record<string, unknown>, skip: Set<string>): number {
  const seen = new Set<unknown>();
  let vars = 0;
  const stack: unknown[] = [];
  for (const key of Object.keys(roots)) {
    if (skip.has(key)) continue;
    vars += 1;
    stack.push(roots[key]);
  }
  let budget = 200000; // a runaway graph must not stall a benchmark
  while (stack.length > 0 && budget-- > 0) {
    const v = stack.pop();
    if (v === null || v === undefined || typeof v === "boolean") continue;
    if (typeof v === "number") {
      vars += 1;
      continue;
    }
    if (typeof v === "string") {
      vars += 1 + Math.floor(v.length / STRING_CHARS_PER_VAR);
      continue;
    }
    if (typeof v !== "object" && typeof v !== "function") continue;
    if (seen.has(v)) continue;
    seen.add(v);
    vars += typeof v === "function" ? FUNCTION_VARS : 1;
    let keys: string[];
    try {
      keys = Object.keys(v as object);
    } catch {
      continue;
    }
    for (const k of keys) {
      vars += 1;
      try {
        stack.push((v as Record<string, unknown>)[k]);
      } catch {
        // a throwing getter holds no data
      }
    }
  }
  return vars;
}
