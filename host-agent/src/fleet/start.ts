// The guard as `banken run` starts it from the [fleet] table: this host's id, the real backend.
import type { Logger } from "../log.ts";
import { openBackend } from "./backend.ts";
import type { FleetConfig } from "./config.ts";
import { FleetGuard, hostId } from "./guard.ts";

export function startGuard(config: FleetConfig, log: Logger, stateDir: string): FleetGuard {
  const id = hostId(config.id);
  log.info(`fleet: ${config.backend} at ${config.endpoints.join(", ")}, group ${config.group}, this host is ${id}; a failing host withholds heartbeats only with a slot`);
  return new FleetGuard({ config, log, stateDir, open: (timeoutMs) => openBackend(config, timeoutMs) }, id);
}
