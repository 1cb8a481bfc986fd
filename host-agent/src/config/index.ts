// The agent's config file (/etc/banken/banken.toml or --config): TOML parsed by smol-toml, then
// validated into an AgentConfig with every error pointing at its line. See docs/health-checks.md
// and examples/banken.toml.

import { readFile } from "node:fs/promises";
import { parse, TomlError } from "smol-toml";
import type { CheckSpec } from "../checks/types.ts";
import { readFleet, type FleetConfig } from "../fleet/config.ts";
import { readCheck } from "./check-schema.ts";
import { ConfigError } from "./errors.ts";
import { scanKeyLines } from "./key-lines.ts";
import { TableReader } from "./table-reader.ts";
import { checkTrustedProgram } from "./trusted-programs.ts";
import { checkTrustedFile, UntrustedPathError } from "./trust.ts";
import { formatMs } from "./units.ts";

export { ConfigError } from "./errors.ts";
export { parseDuration, parseSize, formatMs, formatBytes } from "./units.ts";
export { DEFAULT_CHECK_TIMEOUT_MS } from "./check-schema.ts";

export const DEFAULT_CONFIG_PATH = "/etc/banken/banken.toml";
/** The stable name the udev rule (`banken install udev`) gives the board. */
export const DEFAULT_DEVICE = "/dev/banken";
/** All checks of one run together get this long unless `check-deadline` says otherwise. */
export const DEFAULT_CHECK_DEADLINE_MS = 20000;
export const DEFAULT_REPAIR_TIMEOUT_MS = 60000;
export const DEFAULT_WARN_HOOK_TIMEOUT_MS = 10000;
/** Checks running at once unless `max-parallel` says otherwise (checks/runner.ts has the same). */
export const DEFAULT_MAX_PARALLEL = 8;

export interface HookCommand {
  /** Program and arguments, run directly (no shell). */
  command: string[];
  /** Killed (whole process group) after this long. */
  timeoutMs: number;
}

export interface AgentConfig {
  /** Serial device of the board. */
  device: string;
  /** Service mode: ms between beats; undefined = a third of the board's timeout (decided by the CLI). */
  interval?: number;
  /** Upper bound for one run of all checks, ms. */
  checkDeadlineMs: number;
  /** How many checks run at once (`max-parallel`). */
  maxParallel: number;
  checks: CheckSpec[];
  /** Run when checks fail (watchdog.conf repair-binary). */
  repair?: HookCommand;
  /** Run when the board sends !WARN (service mode). */
  warnHook?: HookCommand;
  /** Prometheus textfile for node_exporter. */
  metricsFile?: string;
  /** Where the agent keeps its sequence number and the like. */
  stateDir?: string;
  /** The service's control socket (control/protocol.ts has the default). */
  controlSocket?: string;
  /** The fleet guard (docs/fleet.md); absent: this host decides alone. */
  fleet?: FleetConfig;
}

/**
 * Reads and validates a config file; a missing or unreadable file is a ConfigError too, and so is a
 * file, or a program it names, that a user other than root and ourselves could change (trust.ts).
 */
export async function loadAgentConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<AgentConfig> {
  trusted(path, undefined, () => checkTrustedFile(path), "this file");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "is a directory" : (error as Error).message;
    throw new ConfigError(path, undefined, undefined, `cannot read the config file: ${reason}`);
  }
  const config = parseAgentConfig(text, path);
  config.checks.forEach((check, index) => {
    if (check.kind === "command") trusted(path, `checks[${index}].command`, () => checkTrustedProgram(check.argv, env));
  });
  const { repair, warnHook } = config;
  if (repair !== undefined) trusted(path, "repair.command", () => checkTrustedProgram(repair.command, env));
  if (warnHook !== undefined) trusted(path, "warn-hook.command", () => checkTrustedProgram(warnHook.command, env));
  // Whoever can change the fleet's CA, key or password can answer for etcd: grant this host a slot (its board resets it) or refuse every one.
  const fleet = config.fleet;
  const fleetFiles: [string, string | undefined][] = [["ca-file", fleet?.tls?.caFile], ["cert-file", fleet?.tls?.certFile], ["key-file", fleet?.tls?.keyFile], ["password-file", fleet?.passwordFile]];
  for (const [key, file] of fleetFiles) if (file !== undefined) trusted(path, `fleet.${key}`, () => checkTrustedFile(file));
  return config;
}

/** Turns an UntrustedPathError into a one-line ConfigError that carries the fix. */
function trusted(path: string, key: string | undefined, check: () => void, subject?: string): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof UntrustedPathError)) throw error;
    // The config file itself is named at the start of the line already: call it "this file".
    const what = subject === undefined ? error.subject : error.subject.replace(path, subject);
    const refused = new ConfigError(path, undefined, key, `refusing ${what}: ${error.reason} (fix: ${error.fix})`);
    refused.fix = error.fix;
    throw refused;
  }
}

export function parseAgentConfig(text: string, fileName: string): AgentConfig {
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
    throw new ConfigError(fileName, error.line, undefined, `TOML syntax error: ${reason}`, error.column);
  }
  const root = new TableReader(document, "", { file: fileName, lines: scanKeyLines(text) });
  const config: AgentConfig = {
    device: root.string("device") ?? DEFAULT_DEVICE,
    checkDeadlineMs: root.duration("check-deadline") ?? DEFAULT_CHECK_DEADLINE_MS,
    maxParallel: root.integer("max-parallel", 1, 1000) ?? DEFAULT_MAX_PARALLEL,
    checks: [],
  };
  const interval = root.duration("interval");
  if (interval !== undefined) config.interval = interval;
  if (interval !== undefined && config.checkDeadlineMs >= interval) {
    root.fail(root.has("check-deadline") ? "check-deadline" : "interval",
      `the checks' deadline (${formatMs(config.checkDeadlineMs)}) must be shorter than the interval (${formatMs(interval)})`);
  }
  const metricsFile = root.string("metrics-file");
  if (metricsFile !== undefined) config.metricsFile = metricsFile;
  const stateDir = root.string("state-dir");
  if (stateDir !== undefined) config.stateDir = stateDir;
  const controlSocket = root.string("control-socket");
  if (controlSocket !== undefined) config.controlSocket = controlSocket;
  const repair = readHook(root.table("repair"), DEFAULT_REPAIR_TIMEOUT_MS);
  if (repair !== undefined) config.repair = repair;
  const warnHook = readHook(root.table("warn-hook"), DEFAULT_WARN_HOOK_TIMEOUT_MS);
  if (warnHook !== undefined) config.warnHook = warnHook;
  config.checks = readChecks(root.tableArray("checks"), config.checkDeadlineMs);
  const fleet = root.table("fleet");
  if (fleet !== undefined) config.fleet = readFleet(fleet);
  root.finish();
  return config;
}

function readChecks(tables: TableReader[], deadlineMs: number): CheckSpec[] {
  const names = new Set<string>();
  return tables.map((table, index) => {
    const check = readCheck(table, index, deadlineMs);
    if (names.has(check.name)) table.fail(table.has("name") ? "name" : undefined, `another check is already named "${check.name}"`);
    names.add(check.name);
    if (check.timeoutMs > deadlineMs) {
      table.fail("timeout",
        `the check's timeout (${formatMs(check.timeoutMs)}) is longer than check-deadline (${formatMs(deadlineMs)})`);
    }
    return check;
  });
}

function readHook(table: TableReader | undefined, defaultTimeoutMs: number): HookCommand | undefined {
  if (table === undefined) return undefined;
  const command = table.command("command") ?? table.fail("command", 'missing (e.g. command = ["/usr/local/sbin/fix-network"])');
  const timeoutMs = table.duration("timeout") ?? defaultTimeoutMs;
  table.finish();
  return { command, timeoutMs };
}
