// A strict reader of the Prometheus text exposition format, shared by the metrics unit tests and the
// end-to-end --metrics-file tests.
import assert from "node:assert/strict";

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the text exposition format: every sample's family has HELP and TYPE lines
 * before it, names and labels are well-formed, label values unescape, every line ends in "\n".
 */
export function parseExposition(text: string): { samples: ParsedSample[]; types: Map<string, string> } {
  assert.ok(text.endsWith("\n"), "the file ends with a newline");
  const helps = new Set<string>();
  const types = new Map<string, string>();
  const samples: ParsedSample[] = [];
  for (const line of text.slice(0, -1).split("\n")) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === "HELP") helps.add(meta[2]);
      else {
        assert.ok(["gauge", "counter"].includes(meta[3]), line);
        assert.ok(!types.has(meta[2]), `TYPE given twice for ${meta[2]}`);
        types.set(meta[2], meta[3]);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(sample, `not a sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const labelText = sample[2] ?? "";
    const pairs = [...labelText.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/g)];
    assert.equal(pairs.map((p) => p[0]).join(","), labelText, `malformed labels in ${line}`);
    for (const pair of pairs) labels[pair[1]] = pair[2].replace(/\\(.)/g, (_all, c: string) => (c === "n" ? "\n" : c));
    assert.ok(helps.has(sample[1]) && types.has(sample[1]), `${sample[1]} has no HELP/TYPE before its samples`);
    const value = Number(sample[3]);
    assert.ok(!Number.isNaN(value), line);
    samples.push({ name: sample[1], labels, value });
  }
  return { samples, types };
}

export function value(samples: ParsedSample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
}
