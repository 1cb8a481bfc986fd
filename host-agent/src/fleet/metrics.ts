// The fleet guard's Prometheus families (docs/fleet.md), added to the agent's textfile. Labelled by
// group so one query covers the whole fleet: `max by (group) (banken_fleet_holders)`.
import type { Family } from "../metrics/exposition.ts";
import type { FleetSnapshot } from "./guard.ts";

export function fleetFamilies(f: FleetSnapshot): Family[] {
  const labels = { group: f.group };
  const one = (value: number) => [{ labels, value }];
  const families: Family[] = [
    { name: "banken_fleet_slot_held", help: "1 while this host holds a slot of its group and withholds heartbeats so its board acts.", type: "gauge", samples: one(f.slotHeld ? 1 : 0) },
    { name: "banken_fleet_holding_off", help: "1 while checks fail but this host keeps beating: its group is full, or the lock service is unreachable and it waits or holds.", type: "gauge", samples: one(f.holdingOff ? 1 : 0) },
    { name: "banken_fleet_lock_reachable", help: "1 if the lock service answered the agent's last request.", type: "gauge", samples: one(f.reachable ? 1 : 0) },
    { name: "banken_fleet_lost_holders", help: "Holders of the group that stayed past lost-after without coming back.", type: "gauge", samples: one(f.lost.length) },
  ];
  // Absent rather than 0 when the service showed no group (FleetLock, or never reachable yet).
  if (f.holders !== null) families.push({ name: "banken_fleet_holders", help: "Slots of the group held, as last read from the lock service.", type: "gauge", samples: one(f.holders) });
  if (f.max !== null) families.push({ name: "banken_fleet_max_concurrent", help: "Slots of the group (max-concurrent), as last read from the lock service.", type: "gauge", samples: one(f.max) });
  return families;
}
