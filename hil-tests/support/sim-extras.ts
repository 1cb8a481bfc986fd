// The sim-only handles the suite uses (public members of SimRig, rig/sim/sim-rig.ts), reached
// through the Rig a test got. Tests call needs(this, rig, cap) first, so on the bench these are never
// reached.
import type { Rig } from "../../rig/types.ts";
import type { SimRig } from "../../rig/sim/sim-rig.ts";

export function simExtras(rig: Rig): SimRig {
  if (rig.target !== "sim") throw new Error(`sim-only handle used on the ${rig.target} target (missing needs())`);
  return rig as SimRig;
}
