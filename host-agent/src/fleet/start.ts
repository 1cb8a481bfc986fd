// The guard as `banken run` starts it from the [fleet] table: this host's id, the real backend.
import type { Logger } from "../log.ts";
import { openBackend } from "./open-backend.ts";
import type { FleetConfig } from "./config.ts";
import { FleetGuard, hostId } from "./guard.ts";

export async function startGuard(config: FleetConfig, log: Logger, stateDir: string): Promise<FleetGuard> {
  const id = hostId(config.id);
  // A missing CA, certificate or password file is a config error now, not an "unreachable" later.
  if (config.backend === "etcd") (await import("./etcd-lock.ts")).clientOptions(config, 1000);
  log.info(`fleet: ${config.backend} at ${config.endpoints.join(", ")}, group ${config.group}, this host is ${id}; a failing host withholds heartbeats only with a slot`);
  return new FleetGuard({ config, log, stateDir, open: (timeoutMs) => openBackend(config, timeoutMs) }, id);
}
