// The error codes are one closed list (ERROR_CODES in core/types.ts) and docs/protocol.md documents
// each: this keeps the two from drifting apart (a code added, renamed or given a new generic text).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ERROR_CODES } from "../core/types.ts";

function documentedCodes(): Map<string, string> {
  const doc = readFileSync(resolve(import.meta.dirname, "../../docs/protocol.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Error codes"), doc.indexOf("## Lines the board sends"));
  const rows = new Map<string, string>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 4 || !/^`[a-z]+`$/.test(cells[1])) continue;
    rows.set(cells[1].slice(1, -1), line);
  }
  return rows;
}

describe("error codes: docs/protocol.md", () => {
  it("documents exactly the codes of ERROR_CODES", () => {
    assert.deepEqual([...documentedCodes().keys()].sort(), Object.keys(ERROR_CODES).sort());
  });

  it("gives an example reply for each code", () => {
    for (const [code, row] of documentedCodes()) assert.ok(row.includes("`ERR " + code), row);
  });
});
