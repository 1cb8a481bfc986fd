// The import rules of docs/architecture.md, checked on the whole repository's TypeScript: no import
// circles, and imports only in the directions the layout allows (type-only and lazy imports count).
import assert from "node:assert/strict";
import { importCircles, importGraph, repositoryGraph, type ImportGraph } from "../import-graph.ts";

interface Direction {
  /** Files under this folder (and not under `except`)... */
  from: string;
  except?: string[];
  /** ...may import only files under these folders. */
  only: string[];
  why: string;
}

const AGENT = "host-agent/src/";
const COMMANDS = "host-agent/src/commands/";

/** Mirrors the picture in docs/architecture.md: change both together. */
const DIRECTIONS: readonly Direction[] = [
  { from: "firmware/core/", only: ["firmware/core/"], why: "the pure core runs on the board, in the simulator and in unit tests" },
  { from: "boards/", only: ["boards/"], why: "board files are data" },
  { from: "firmware/", except: ["firmware/test/"], only: ["firmware/", "boards/"], why: "a firmware bundle holds only firmware and board data" },
  { from: "chart/", except: ["chart/test/"], only: ["chart/"], why: "the chart renderer draws plain recorded data and ships with the agent" },
  { from: "sim/", only: ["sim/", "firmware/core/", "boards/"], why: "the simulated board ships with the agent: no rigs, no tests" },
  { from: AGENT, only: [AGENT, "firmware/core/", "boards/", "sim/", "chart/"], why: "the agent ships: it needs no rig or test code" },
  { from: "rig/", only: ["rig/", "sim/", "chart/", "boards/", "firmware/core/", AGENT], why: "the rigs serve the suite and bench/, never the other way" },
];

function under(file: string, folder: string): boolean {
  return file.startsWith(folder);
}

/** Every import that breaks a rule, one line each. */
function directionProblems(graph: ImportGraph, directions: readonly Direction[] = DIRECTIONS): string[] {
  const problems: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      for (const d of directions) {
        if (!under(file, d.from) || (d.except ?? []).some((e) => under(file, e))) continue;
        if (!d.only.some((folder) => under(target, folder))) problems.push(`${file} imports ${target}: ${d.from} may import only ${d.only.join(", ")} (${d.why})`);
      }
      if (under(target, "hil-tests/") && !under(file, "hil-tests/")) problems.push(`${file} imports ${target}: only the suite imports hil-tests/`);
      // The command table (commands/index.ts) is the one way into a command; commands share code through
      // cli/, heartbeat/, service/..., never through each other, and nothing else (doctor/...) reaches in.
      if (under(target, COMMANDS) && file !== `${AGENT}cli.ts` && !under(file, "host-agent/test/") && !(file === `${COMMANDS}index.ts`)) {
        problems.push(`${file} imports ${target}: only cli.ts (through commands/index.ts) imports a command`);
      }
    }
  }
  return problems;
}

describe("import rules (docs/architecture.md)", () => {
  const graph = repositoryGraph();

  it("reads the repository's TypeScript, imports included", () => {
    assert.ok(graph.size > 100, `only ${graph.size} files read`);
    assert.ok((graph.get("host-agent/src/cli.ts") ?? []).includes("host-agent/src/commands/index.ts"), "cli.ts → commands/index.ts not seen");
  });

  it("has no import circle", () => {
    const circles = importCircles(graph).map((c) => c.join(" → "));
    assert.deepEqual(circles, [], `import circles:\n${circles.join("\n")}`);
  });

  it("imports only in the allowed directions", () => {
    const problems = directionProblems(graph);
    assert.deepEqual(problems, [], problems.join("\n"));
  });

  it("finds a circle through a type-only or a lazy import, and a forbidden import", () => {
    const text: Record<string, string> = {
      "a/x.ts": 'import type { Y } from "./y.ts";',
      "a/y.ts": 'export async function f() { return import("./x.ts"); }',
      "chart/c.ts": 'import { s } from "../sim/s.ts";',
      "sim/s.ts": 'import { t } from "../hil-tests/t.ts";',
      "hil-tests/t.ts": "",
      "host-agent/src/doctor/d.ts": 'import { run } from "../commands/beat.ts";',
      "host-agent/src/commands/beat.ts": "",
    };
    const g = importGraph(Object.keys(text), (f) => text[f]);
    assert.deepEqual(importCircles(g), [["a/x.ts", "a/y.ts", "a/x.ts"]]);
    const problems = directionProblems(g);
    assert.equal(problems.length, 4, problems.join("\n"));
    assert.match(problems.join("\n"), /chart\/c\.ts imports sim\/s\.ts: chart\/ may import only chart\//);
    assert.match(problems.join("\n"), /sim\/s\.ts imports hil-tests\/t\.ts: only the suite imports hil-tests\//);
    assert.match(problems.join("\n"), /doctor\/d\.ts imports host-agent\/src\/commands\/beat\.ts: only cli\.ts/);
  });
});
