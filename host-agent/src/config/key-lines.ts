// Finds the line each key of a TOML document is on, so validation errors can name it. smol-toml
// reports positions for syntax errors only; the parsed values carry none. This scanner knows just
// enough TOML for that: table headers, arrays of tables, dotted and quoted keys, and it skips
// multi-line strings and multi-line arrays/inline tables. Values inside inline tables are not
// located; lookups fall back to the enclosing key.
//
// Kept rather than replaced by a parser with positions (2026-12): smol-toml, which parses the file,
// exposes positions only on TomlError. toml-eslint-parser (1.0.3) gives every key a `loc`, but it is a
// second, full TOML parser with its own dependencies, run on every `banken beat` (a cron minute, where
// start-up RSS and time are budgeted, see serial/native-addon.ts) only to name a line in an error
// message; and a wrong line here costs a less precise message, never a wrong config, because the
// values always come from smol-toml.

/** Key paths look like "device", "repair.timeout", "checks[2]" (its header), "checks[2].timeout". */
export type KeyLines = Map<string, number>;

export function scanKeyLines(text: string): KeyLines {
  const lines = text.split(/\r?\n/);
  const found: KeyLines = new Map();
  const arrayCounts = new Map<string, number>();
  let prefix = "";
  let openString: '"""' | "'''" | undefined;
  let bracketDepth = 0;
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    let line = lines[index];
    if (openString !== undefined) {
      const end = line.indexOf(openString);
      if (end < 0) continue;
      line = line.slice(end + 3);
      openString = undefined;
      const state = scanValue(line, bracketDepth);
      bracketDepth = state.depth;
      openString = state.openString;
      continue;
    }
    if (bracketDepth > 0) {
      const state = scanValue(line, bracketDepth);
      bracketDepth = state.depth;
      openString = state.openString;
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (trimmed.startsWith("[[")) {
      const name = keyPath(trimmed.slice(2, trimmed.indexOf("]]")));
      const count = arrayCounts.get(name) ?? 0;
      arrayCounts.set(name, count + 1);
      prefix = `${name}[${count}]`;
      found.set(prefix, lineNumber);
      continue;
    }
    if (trimmed.startsWith("[")) {
      prefix = keyPath(trimmed.slice(1, trimmed.indexOf("]")));
      found.set(prefix, lineNumber);
      continue;
    }
    const equals = findEquals(trimmed);
    if (equals < 0) continue;
    const key = keyPath(trimmed.slice(0, equals));
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (!found.has(path)) found.set(path, lineNumber);
    const state = scanValue(trimmed.slice(equals + 1), 0);
    bracketDepth = state.depth;
    openString = state.openString;
  }
  return found;
}

/** The line of `path`, or of its nearest enclosing key that has one. */
export function lineOf(found: KeyLines, path: string): number | undefined {
  let current = path;
  for (;;) {
    const line = found.get(current);
    if (line !== undefined) return line;
    const cut = Math.max(current.lastIndexOf("."), current.lastIndexOf("["));
    if (cut <= 0) return undefined;
    current = current.slice(0, cut);
  }
}

/** `a . "b c" .d` → "a.b c.d" (quotes removed, spaces around dots dropped). */
function keyPath(raw: string): string {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < raw.length; i++) {
    const char = raw[i];
    if (char === '"' || char === "'") {
      const end = raw.indexOf(char, i + 1);
      current += raw.slice(i + 1, end < 0 ? raw.length : end);
      i = end < 0 ? raw.length : end;
    } else if (char === ".") {
      parts.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current.trim());
  return parts.join(".");
}

/** Index of the `=` separating key and value, ignoring any inside quoted keys; -1 if none. */
function findEquals(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"' || char === "'") {
      const end = line.indexOf(char, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (char === "=") {
      return i;
    }
  }
  return -1;
}

/** Follows a value to the end of its line: tracks [ { depth and an unclosed multi-line string. */
function scanValue(text: string, startDepth: number): { depth: number; openString?: '"""' | "'''" } {
  let depth = startDepth;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "#") break;
    if (char === '"' || char === "'") {
      const triple = char.repeat(3);
      if (text.startsWith(triple, i)) {
        const end = text.indexOf(triple, i + 3);
        if (end < 0) return { depth, openString: triple as '"""' | "'''" };
        i = end + 2;
        continue;
      }
      let end = i + 1;
      while (end < text.length && text[end] !== char) end += char === '"' && text[end] === "\\" ? 2 : 1;
      i = end;
    } else if (char === "[" || char === "{") {
      depth++;
    } else if (char === "]" || char === "}") {
      depth--;
    }
  }
  return { depth: Math.max(depth, 0) };
}
