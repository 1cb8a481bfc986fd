// The FleetLock client's reading of a server's answers: 200 is a slot; a refusal keeps this host
// beating and names the server's error kind; a server that cannot decide, a network error or a
// redirect counts as unreachable (then on-unreachable decides).
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FleetLockClient } from "../src/fleet/fleetlock-client.ts";
import { freePort } from "./support/etcd-cluster.ts";

describe("fleet: the FleetLock client", () => {
  let server: Server;
  let base = "";
  let reply: { status: number; body: string; headers?: Record<string, string> } = { status: 200, body: "" };
  before(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(reply.status, reply.headers ?? {});
        response.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const acquire = async (status: number, body: string, headers?: Record<string, string>) => {
    reply = { status, body, headers };
    return new FleetLockClient(base, "workers", 1000).acquire("web-3");
  };

  it("200 is a slot; a refusal carries the server's kind and value", async () => {
    assert.deepEqual(await acquire(200, ""), { kind: "granted", view: null });
    assert.deepEqual(await acquire(409, '{"kind":"failed_lock_semaphore_full","value":"semaphore currently full"}'), {
      kind: "refused", view: null, reason: "HTTP 409 failed_lock_semaphore_full: semaphore currently full",
    });
    assert.deepEqual(await acquire(500, '{"kind":"failed_lock","value":"all 1 semaphore slots currently locked"}'), {
      kind: "refused", view: null, reason: "HTTP 500 failed_lock: all 1 semaphore slots currently locked",
    }, "airlock's answer for a full group");
    assert.deepEqual(await acquire(400, "not json"), { kind: "refused", view: null, reason: "HTTP 400 (no error kind)" });
  });

  it("a server that cannot decide, no server, or a redirect is unreachable", async () => {
    assert.equal((await acquire(500, '{"kind":"failed_sem_init","value":"etcd: context deadline exceeded"}')).kind, "unreachable");
    assert.equal((await acquire(503, "")).kind, "unreachable");
    assert.equal((await acquire(307, "", { location: "http://127.0.0.1:9/v1/pre-reboot" })).kind, "unreachable", "a redirect is never followed into a lock");
    const nowhere = await new FleetLockClient(`http://127.0.0.1:${await freePort()}`, "workers", 1000).acquire("web-3");
    assert.equal(nowhere.kind, "unreachable");
    assert.match(nowhere.kind === "unreachable" ? nowhere.reason : "", /\/v1\/pre-reboot: ECONNREFUSED$/);
  });

  it("a refused release is tried again next round (reported unreachable)", async () => {
    reply = { status: 500, body: '{"kind":"failed_lock","value":"conflict on semaphore detected, aborting"}' };
    const answer = await new FleetLockClient(base, "workers", 1000).release("web-3");
    assert.deepEqual(answer, { kind: "unreachable", reason: "release refused: HTTP 500 failed_lock: conflict on semaphore detected, aborting" });
  });
});
