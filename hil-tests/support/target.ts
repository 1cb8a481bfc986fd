// Which target and which boards this run of the HIL suite uses, read once from the environment:
//   BANKEN_TARGET          sim (default) | bench | espruino
//   BANKEN_BOARDS          comma list of board ids or board file paths (default: every board file
//                          with a built bundle)
//   BANKEN_DUT_PORT        bench only: serial port of the device under test
//   BANKEN_OBSERVER_PORT   bench only: serial port of the observer board
//   ESPRUINO_BIN           espruino only: the real interpreter (a Linux build); without it the
//                          target's tests are reported as skipped, with the reason
//   BANKEN_DIST            where the built bundles are (default dist/, as for the build)
// Tolerances come from hil-tests/targets/<target>.json, so the limits are data, not code.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BoardFile } from "../../boards/types.ts";
import type { Tolerances } from "../../rig/types.ts";
import { distDir } from "../../sim/dist.ts";

export type TargetName = "sim" | "bench" | "espruino";
const TARGETS: TargetName[] = ["sim", "bench", "espruino"];

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(HERE, "..", "..");
const NOT_BOARD_FILES = new Set(["types.ts", "chips.ts"]);

/** A configuration mistake in the environment: reported as one line, without a stack trace. */
export class TargetConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetConfigError";
    this.stack = `${this.name}: ${message}`;
  }
}

export function targetName(env: NodeJS.ProcessEnv = process.env): TargetName {
  const value = (env.BANKEN_TARGET ?? "sim").trim() || "sim";
  if (!(TARGETS as string[]).includes(value)) throw new TargetConfigError(`BANKEN_TARGET must be "sim", "bench" or "espruino", not "${value}"`);
  return value as TargetName;
}

/**
 * A target's limits (hil-tests/targets/<target>.json). The relay module's contact needs a few ms to
 * close after its input switches, and a few to open: the observer watches the contact (what the
 * host's reset header sees), so expected closures are shifted by these figures. The simulation is
 * built with the same numbers; on the bench they are the module's datasheet values.
 */
export interface TargetProfile extends Tolerances {
  relayOperateMs: number;
  relayReleaseMs: number;
}

export function loadTolerances(target: TargetName, root = REPO_ROOT): TargetProfile {
  const path = join(root, "hil-tests", "targets", `${target}.json`);
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<TargetProfile>;
  for (const key of ["timingMs", "replyMs"] as const) {
    const v = parsed[key];
    if (typeof v !== "number" || !(v > 0)) throw new TargetConfigError(`${path}: "${key}" must be a positive number of ms`);
  }
  for (const key of ["relayOperateMs", "relayReleaseMs"] as const) {
    const v = parsed[key];
    if (typeof v !== "number" || !(v >= 0)) throw new TargetConfigError(`${path}: "${key}" must be a number of ms (0 or more)`);
  }
  for (const key of ["longestTimeoutMs", "shortestMs"] as const) {
    const v = parsed[key];
    if (v !== undefined && (typeof v !== "number" || !(v > 0))) throw new TargetConfigError(`${path}: "${key}" must be a positive number of ms`);
  }
  const share = parsed.repeatShare;
  if (share !== undefined && (typeof share !== "number" || !(share > 0 && share <= 1))) throw new TargetConfigError(`${path}: "repeatShare" must be a number in (0, 1]`);
  return parsed as TargetProfile;
}

export interface BenchPorts {
  dutPath: string;
  observerPath: string;
}

export function benchPorts(env: NodeJS.ProcessEnv = process.env): BenchPorts {
  const dutPath = env.BANKEN_DUT_PORT ?? "";
  const observerPath = env.BANKEN_OBSERVER_PORT ?? "";
  if (dutPath === "" || observerPath === "") {
    throw new TargetConfigError("BANKEN_TARGET=bench needs BANKEN_DUT_PORT and BANKEN_OBSERVER_PORT (e.g. /dev/ttyUSB0 and /dev/ttyUSB1); see docs/bench-rig.md");
  }
  return { dutPath, observerPath };
}

/** Board ids with a board file; with `requireBundle`, only those whose dist/firmware/<id>.js exists. */
export function availableBoardIds(root = REPO_ROOT, requireBundle = true, env: NodeJS.ProcessEnv = process.env): string[] {
  const dir = join(root, "boards");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    // observer-*.ts are the bench rig's observer boards, not devices under test.
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !NOT_BOARD_FILES.has(f) && !f.startsWith("observer"))
    .map((f) => f.slice(0, -3))
    .filter((id) => !requireBundle || existsSync(bundlePath(id, root, env)))
    .sort();
}

export function bundlePath(boardId: string, root = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): string {
  return join(distDir(root, env), "firmware", `${boardId}.js`);
}

/** A BANKEN_BOARDS entry that names a board file by path (e.g. a candidate not yet in boards/). */
function isBoardPath(entry: string): boolean {
  return entry.includes("/") || entry.endsWith(".ts");
}

/** The board id of a BANKEN_BOARDS entry: the id itself, or a path's file name without .ts. */
export function boardIdOf(entry: string): string {
  return isBoardPath(entry) ? basename(entry).replace(/\.ts$/, "") : entry;
}

/**
 * The boards to test: BANKEN_BOARDS if set, else every board file with a built bundle. An entry is a
 * board id (boards/<id>.ts) or the path of a board file elsewhere, whose id must match its file
 * name; either way its bundle must be built (BANKEN_DIST/firmware/<id>.js).
 */
export function selectedBoardIds(env: NodeJS.ProcessEnv = process.env, root = REPO_ROOT): string[] {
  const list = (env.BANKEN_BOARDS ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (list.length === 0) return availableBoardIds(root, true, env);
  const withFile = availableBoardIds(root, false, env);
  return list.map((entry) => {
    if (isBoardPath(entry)) {
      const path = resolve(root, entry);
      if (!existsSync(path)) throw new TargetConfigError(`BANKEN_BOARDS names the board file ${path}, which does not exist`);
    } else if (!withFile.includes(entry)) throw new TargetConfigError(`BANKEN_BOARDS names "${entry}", but there is no boards/${entry}.ts`);
    const bundle = bundlePath(boardIdOf(entry), root, env);
    if (!existsSync(bundle)) throw new TargetConfigError(`no bundle for board "${boardIdOf(entry)}": run npm run build (expected ${bundle})`);
    return isBoardPath(entry) ? resolve(root, entry) : entry;
  });
}

/** Imports boards/<id>.ts (or a board file path) and returns the BoardFile it exports with that id. */
export async function loadBoard(entry: string, root = REPO_ROOT): Promise<BoardFile> {
  const id = boardIdOf(entry);
  const path = isBoardPath(entry) ? resolve(root, entry) : join(root, "boards", `${id}.ts`);
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const candidates = [mod.default, ...Object.values(mod)];
  const board = candidates.find((c): c is BoardFile => typeof c === "object" && c !== null && (c as BoardFile).id === id && "relay" in c);
  if (board === undefined) throw new TargetConfigError(`${path} exports no BoardFile with id "${id}"`);
  return board;
}
