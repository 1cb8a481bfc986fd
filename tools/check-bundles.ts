// Build check, run by `npm run build` after rollup: every board file's pins are boot-quiet
// (board-check.ts), and every built bundle parses inside the Espruino dialect (dialect-check.ts)
// and within its size budget (budget.ts). Prints one line per bundle with its size; exits 1 with
// one line per problem (no stack traces) when anything fails.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BoardFile, ObserverBoard } from "../boards/types.ts";
import { checkBoard, checkObserver } from "./board-check.ts";
import { OBSERVER_LIMIT_BYTES, WATCHDOG_LIMIT_BYTES } from "./budget.ts";
import { checkDialect } from "./dialect-check.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// Same variable as rollup.config.js, so a size experiment checks the bundles it built.
const dist = resolve(root, process.env.BANKEN_DIST ?? "dist");

async function loadDefault<T>(file: string): Promise<T> {
  const mod = (await import(pathToFileURL(resolve(root, "boards", file)).href)) as { default: T };
  return mod.default;
}

function checkBundle(path: string, limitBytes: number, failures: string[]): void {
  const rel = path.startsWith(root + "/") ? path.slice(root.length + 1) : path;
  if (!existsSync(path)) {
    failures.push(`${rel}: missing (did rollup run?)`);
    return;
  }
  const code = readFileSync(path, "utf8");
  const bytes = Buffer.byteLength(code, "utf8");
  console.log(`${rel}: ${bytes} bytes (limit ${limitBytes})`);
  if (bytes > limitBytes) failures.push(`${rel}: ${bytes} bytes is over the ${limitBytes}-byte limit (tools/budget.ts)`);
  for (const p of checkDialect(code)) failures.push(`${rel}:${p.line}:${p.column}: ${p.rule}: ${p.message}`);
}

async function main(): Promise<number> {
  const failures: string[] = [];
  const files = readdirSync(resolve(root, "boards")).filter((f) => f.endsWith(".ts") && f !== "types.ts" && f !== "chips.ts");
  for (const file of files) {
    if (file.startsWith("observer-")) {
      const board = await loadDefault<ObserverBoard>(file);
      for (const p of checkObserver(board)) failures.push(`boards/${file}: ${p}`);
      checkBundle(resolve(dist, "observer", board.id + ".js"), OBSERVER_LIMIT_BYTES, failures);
    } else {
      const board = await loadDefault<BoardFile>(file);
      for (const p of checkBoard(board)) failures.push(`boards/${file}: ${p}`);
      checkBundle(resolve(dist, "firmware", board.id + ".js"), WATCHDOG_LIMIT_BYTES, failures);
    }
  }
  for (const f of failures) console.error(`check-bundles: ${f}`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = await main();
