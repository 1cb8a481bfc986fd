// Typed, line-accurate reads from one parsed TOML table. Every getter names the expected form in
// its error ("expected a duration like 10s"); finish() rejects keys nobody asked for, so a typo
// such as `tiemout` is an error on its own line rather than a silently ignored setting.

import { ConfigError } from "./errors.ts";
import { lineOf, type KeyLines } from "./key-lines.ts";
import { parseDuration, parseSize } from "./units.ts";

export interface SourceInfo { file: string; lines: KeyLines }

export class TableReader {
  private readonly asked = new Set<string>();

  constructor(
    private readonly values: Record<string, unknown>,
    /** Key path of this table: "" for the document, "repair", "checks[2]". */
    readonly path: string,
    private readonly source: SourceInfo,
  ) {}

  keyPath(key: string): string {
    return this.path === "" ? key : `${this.path}.${key}`;
  }

  /** Throws a ConfigError for `key` of this table (or the table itself when key is undefined). */
  fail(key: string | undefined, reason: string): never {
    const path = key === undefined ? this.path : this.keyPath(key);
    throw new ConfigError(this.source.file, lineOf(this.source.lines, path), path === "" ? undefined : path, reason);
  }

  has(key: string): boolean {
    return this.values[key] !== undefined;
  }

  private get(key: string): unknown {
    this.asked.add(key);
    return this.values[key];
  }

  string(key: string): string | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value === "") this.fail(key, "expected a non-empty string");
    return value;
  }

  requiredString(key: string, example: string): string {
    return this.string(key) ?? this.fail(key, `missing (e.g. ${key} = ${JSON.stringify(example)})`);
  }

  duration(key: string): number | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    const ms = parseDuration(value);
    if (ms === undefined || ms <= 0) this.fail(key, 'expected a duration like "10s", "2m", "500ms" or an integer of milliseconds');
    return ms;
  }

  /** A size like "512MiB", or, when `percentAllowed`, "10%" (returned as { percent }). */
  size(key: string, percentAllowed: boolean): { bytes: number } | { percent: number } | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (percentAllowed && typeof value === "string" && value.trim().endsWith("%")) {
      const percent = Number(value.trim().slice(0, -1));
      if (value.trim() === "%" || !Number.isFinite(percent) || percent <= 0 || percent >= 100) {
        this.fail(key, "expected a percentage between 0% and 100%, like \"10%\"");
      }
      return { percent };
    }
    const bytes = parseSize(value);
    if (bytes === undefined || bytes <= 0) {
      this.fail(key, `expected a size like "512MiB", "2G" or an integer of bytes${percentAllowed ? ', or a percentage like "10%"' : ""}`);
    }
    return { bytes };
  }

  positiveNumber(key: string): number | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) this.fail(key, "expected a positive number");
    return value;
  }

  integer(key: string, min: number, max: number): number | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(key, `expected an integer from ${min} to ${max}`);
    }
    return value;
  }

  /** One integer or an array of them, each from min to max. */
  integers(key: string, min: number, max: number): number[] | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    const list = Array.isArray(value) ? value : [value];
    const valid = (item: unknown) => typeof item === "number" && Number.isInteger(item) && item >= min && item <= max;
    if (list.length === 0 || !list.every(valid)) this.fail(key, `expected an integer from ${min} to ${max}, or an array of them`);
    return list as number[];
  }

  boolean(key: string): boolean | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== "boolean") this.fail(key, "expected true or false");
    return value;
  }

  stringArray(key: string): string[] | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) this.fail(key, "expected an array of strings");
    return value as string[];
  }

  /** A program and its arguments: ["/usr/sbin/fix", "--now"], or one string naming the program alone. */
  command(key: string): string[] | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    const argv = typeof value === "string" ? [value] : value;
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((item) => typeof item === "string" && item !== "")) {
      this.fail(key, 'expected a program path or an array like ["/usr/local/bin/check", "--quiet"]');
    }
    return argv as string[];
  }

  table(key: string): TableReader | undefined {
    const value = this.get(key);
    if (value === undefined) return undefined;
    if (!isTable(value)) this.fail(key, `expected a table ([${this.keyPath(key)}])`);
    return new TableReader(value, this.keyPath(key), this.source);
  }

  tableArray(key: string): TableReader[] {
    const value = this.get(key);
    if (value === undefined) return [];
    if (!Array.isArray(value)) this.fail(key, `expected tables, each starting with [[${this.keyPath(key)}]]`);
    return value.map((item, index) => {
      const path = `${this.keyPath(key)}[${index}]`;
      if (!isTable(item)) throw new ConfigError(this.source.file, lineOf(this.source.lines, path), path, "expected a table");
      return new TableReader(item, path, this.source);
    });
  }

  /** Rejects any key that no getter asked for. */
  finish(): void {
    for (const key of Object.keys(this.values)) {
      if (!this.asked.has(key)) this.fail(key, `unknown key (known here: ${[...this.asked].sort().join(", ")})`);
    }
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
