// Opens the lock backend the config names (backend.ts says what one is). Not in backend.ts: both
// backends import that file, and the module that loads them must not be one they import.
import type { LockBackend } from "./backend.ts";
import type { FleetConfig } from "./config.ts";

/** etcd's client library is loaded only here, only when used. */
export async function openBackend(config: FleetConfig, timeoutMs: number): Promise<LockBackend> {
  if (config.backend === "fleetlock") return new (await import("./fleetlock-client.ts")).FleetLockClient(config.endpoints[0], config.group, timeoutMs);
  return (await import("./etcd-lock.ts")).EtcdLock.open(config, timeoutMs);
}
