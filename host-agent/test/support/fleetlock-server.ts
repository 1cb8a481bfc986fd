// A FleetLock server for the tests, written from the protocol (coreos/zincati,
// docs/development/fleetlock/protocol.md) since no real one (airlock is Go, in neither npm nor
// Debian) can be installed here. Like airlock it keeps the semaphore in etcd, through the agent's own
// etcd backend. POST /v1/pre-reboot locks, /v1/steady-state unlocks, both need the header
// `fleet-lock-protocol: true` and a body {"client_params":{"id","group"}}; errors are JSON {kind, value}.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LockAnswer } from "../../src/fleet/backend.ts";

export interface SeenRequest {
  path: string;
  header: string | undefined;
  body: string;
}

export interface FleetLockServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** `lockFor(group)` gives the semaphore of a known group, or null: unknown groups are refused (airlock does). */
export async function startFleetLockServer(lockFor: (group: string) => { acquire(id: string, reap: Set<string>): Promise<LockAnswer>; release(id: string): Promise<LockAnswer> } | null): Promise<FleetLockServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((request, response) => {
    void handle(request).then(([status, error]) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(error === null ? "" : JSON.stringify(error));
    });
  });
  async function handle(request: IncomingMessage): Promise<[number, { kind: string; value: string } | null]> {
    let body = "";
    for await (const chunk of request) body += String(chunk);
    const path = request.url ?? "";
    seen.push({ path, header: request.headers["fleet-lock-protocol"] as string | undefined, body });
    if (request.method !== "POST" || (path !== "/v1/pre-reboot" && path !== "/v1/steady-state")) return [404, { kind: "not_found", value: `no ${request.method} ${path}` }];
    if (request.headers["fleet-lock-protocol"] !== "true") return [400, { kind: "invalid_client_identity", value: "missing 'fleet-lock-protocol: true' header" }];
    let params: { id?: unknown; group?: unknown } | undefined;
    try {
      params = (JSON.parse(body) as { client_params?: { id?: unknown; group?: unknown } }).client_params;
    } catch {
      params = undefined;
    }
    if (typeof params?.id !== "string" || params.id === "" || typeof params.group !== "string" || !/^[a-zA-Z0-9.-]+$/.test(params.group)) {
      return [400, { kind: "invalid_client_identity", value: "client_params.id and client_params.group are required" }];
    }
    const lock = lockFor(params.group);
    if (lock === null) return [400, { kind: "unknown_group", value: `unknown group "${params.group}"` }];
    const answer = path === "/v1/pre-reboot" ? await lock.acquire(params.id, new Set()) : await lock.release(params.id);
    if (answer.kind === "unreachable") return [500, { kind: "failed_sem_init", value: answer.reason }];
    if (answer.kind === "refused") return [409, { kind: "failed_lock_semaphore_full", value: "semaphore currently full, all slots are locked already" }];
    return [200, null];
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
