// Handles on the DUT itself (interpreter restarts, a power cut mid flash write, the relay's input)
// that the simulation and the real interpreter both offer (DutHandles, rig/types.ts).
// Tests call needs(this, rig, cap) first, so on the bench these are never reached.
import type { DutHandles, Rig } from "../../rig/types.ts";

export function dutHandles(rig: Rig): DutHandles {
  if (rig.target === "bench") throw new Error("DUT handle used on the bench target (missing needs())");
  return rig as DutHandles;
}
