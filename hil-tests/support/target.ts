// Which target and which boards this run of the HIL suite uses, read once from the environment:
//   BANKEN_TARGET          sim (default) | bench
//   BANKEN_BOARDS          comma list of board ids (default: every board file with a built bundle)
//   BANKEN_DUT_PORT        bench only: serial port of the device under test
//   BANKEN_OBSERVER_PORT   bench only: serial port of the observer board
// Tolerances come from hil-tests/targets/<target>.json, so the limits are data, not code.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BoardFile } from "../../boards/types.ts";
import type { Tolerances } from "../rig/types.ts";

export type TargetName = "sim" | "bench";

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
  if (value !== "sim" && value !== "bench") throw new TargetConfigError(`BANKEN_TARGET must be "sim" or "bench", not "${value}"`);
  return value;
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
export function availableBoardIds(root = REPO_ROOT, requireBundle = true): string[] {
  const dir = join(root, "boards");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    // observer-*.ts are the bench rig's observer boards, not devices under test.
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !NOT_BOARD_FILES.has(f) && !f.startsWith("observer"))
    .map((f) => f.slice(0, -3))
    .filter((id) => !requireBundle || existsSync(bundlePath(id, root)))
    .sort();
}

export function bundlePath(boardId: string, root = REPO_ROOT): string {
  return join(root, "dist", "firmware", `${boardId}.js`);
}

/** The boards to test: BANKEN_BOARDS if set (each must have a board file and a bundle), else all built ones. */
export function selectedBoardIds(env: NodeJS.ProcessEnv = process.env, root = REPO_ROOT): string[] {
  const list = (env.BANKEN_BOARDS ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (list.length === 0) return availableBoardIds(root);
  const withFile = availableBoardIds(root, false);
  for (const id of list) {
    if (!withFile.includes(id)) throw new TargetConfigError(`BANKEN_BOARDS names "${id}", but there is no boards/${id}.ts`);
    if (!existsSync(bundlePath(id, root))) throw new TargetConfigError(`no bundle for board "${id}": run npm run build (expected ${bundlePath(id, root)})`);
  }
  return list;
}

/** Imports boards/<id>.ts and returns the BoardFile it exports (default export or any export with that id). */
export async function loadBoard(id: string, root = REPO_ROOT): Promise<BoardFile> {
  const mod = (await import(pathToFileURL(join(root, "boards", `${id}.ts`)).href)) as Record<string, unknown>;
  const candidates = [mod.default, ...Object.values(mod)];
  const board = candidates.find((c): c is BoardFile => typeof c === "object" && c !== null && (c as BoardFile).id === id && "relay" in c);
  if (board === undefined) throw new TargetConfigError(`boards/${id}.ts exports no BoardFile with id "${id}"`);
  return board;
}
