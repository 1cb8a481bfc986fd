// Opens the rig of the selected target for one board. Each target is imported lazily, so a bench
// run does not load the simulation (and the other way round).
import { existsSync, readFileSync } from "node:fs";
import type { BoardFile } from "../../boards/types.ts";
import type { Rig } from "../../rig/types.ts";
import { espruinoBin, NO_INTERPRETER } from "../../rig/espruino/bin.ts";
import { distPath } from "../../sim/dist.ts";
import { benchPorts, loadTolerances, TargetConfigError, type TargetName } from "./target.ts";

export async function openRig(target: TargetName, board: BoardFile, seed: number): Promise<Rig> {
  const tolerance = loadTolerances(target);
  if (target === "bench") {
    const { createBenchRig } = await import("../../rig/bench/bench-rig.ts");
    return createBenchRig({ board, tolerance, ...benchPorts() });
  }
  if (target === "espruino") {
    const { createEspruinoRig } = await import("../../rig/espruino/espruino-rig.ts");
    const bin = espruinoBin();
    if (bin === undefined) throw new TargetConfigError(NO_INTERPRETER);
    const path = distPath(`firmware/${board.id}.js`);
    if (!existsSync(path)) throw new TargetConfigError(`no bundle for ${board.id}: run npm run build (expected ${path})`);
    // Bytes as they are: the flash gets exactly the file.
    return createEspruinoRig({ board, bin, bundle: readFileSync(path, "latin1"), tolerance });
  }
  const { createSimRig } = await import("../../rig/sim/sim-rig.ts");
  return createSimRig({ board, seed, tolerance: { timingMs: tolerance.timingMs, replyMs: tolerance.replyMs }, relayOperateMs: tolerance.relayOperateMs, relayReleaseMs: tolerance.relayReleaseMs });
}
