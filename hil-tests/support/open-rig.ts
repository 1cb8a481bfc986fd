// Opens the rig of the selected target for one board. The simulation is imported lazily, so a bench
// run does not load it (and the other way round).
import type { BoardFile } from "../../boards/types.ts";
import type { Rig } from "../rig/types.ts";
import { benchPorts, loadTolerances, type TargetName } from "./target.ts";

export async function openRig(target: TargetName, board: BoardFile, seed: number): Promise<Rig> {
  const tolerance = loadTolerances(target);
  if (target === "bench") {
    const { createBenchRig } = await import("../bench/bench-rig.ts");
    return createBenchRig({ board, tolerance, ...benchPorts() });
  }
  const { createSimRig } = await import("../sim/sim-rig.ts");
  return createSimRig({ board, seed, tolerance: { timingMs: tolerance.timingMs, replyMs: tolerance.replyMs }, relayOperateMs: tolerance.relayOperateMs, relayReleaseMs: tolerance.relayReleaseMs });
}
