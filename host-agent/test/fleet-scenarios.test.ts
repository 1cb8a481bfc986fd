// Issue 13's scenarios on the simulated bench: five hosts, each a real `banken run` against its own
// simulated board on a pty, coordinated through a real 3-member etcd cluster on loopback (and, for
// (f), a FleetLock server). Health checks fail while a file exists. Board timeout 3 s, interval 1 s.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Etcd3 } from "etcd3";
import { clientOptions, EtcdLock, groupKey } from "../src/fleet/etcd-lock.ts";
import { renderFleetChart, type FleetChartHost } from "../../chart/fleet-chart.ts";
import { assertBuilt, cli } from "./support/cli.ts";
import { EtcdCluster, etcdMissing, freePort, historyOfGroup } from "./support/etcd-cluster.ts";
import { BOARD_TIMEOUT_MS, FleetBench, type FleetHost } from "./support/fleet-hosts.ts";
import { startFleetLockServer } from "./support/fleetlock-server.ts";
import { waitFor } from "./support/wait.ts";

const OUT = resolve(import.meta.dirname, "../../hil-tests/out");

describe("fleet scenarios: 5 × banken run + simulated boards, real etcd", function () {
  this.timeout(60000);
  let cluster: EtcdCluster;
  let bench: FleetBench;
  let etcd: Etcd3;

  before(async function () {
    this.timeout(90000);
    const missing = etcdMissing();
    if (missing !== null) {
      process.stderr.write(`  skipped: ${missing}\n`);
      this.skip(); // reported as pending, not passed
    }
    assertBuilt();
    [cluster, bench] = await Promise.all([EtcdCluster.start(), FleetBench.start(5)]);
    etcd = new Etcd3(clientOptions({ endpoints: cluster.endpoints }, 2000));
  });
  afterEach(async () => {
    await bench?.stopAgents();
    for (const path of [bench?.sharedCause, ...(bench?.hosts ?? []).map((h) => h.cause)]) if (path !== undefined) rmSync(path, { force: true });
  });
  after(async () => {
    etcd?.close();
    await bench?.stop();
    await cluster?.stop();
  });

  const etcdFleet = (group: string, extra = ""): string => `backend = "etcd"\nendpoints = ${JSON.stringify(cluster.endpoints)}\ngroup = "${group}"\n${extra}`;
  const took = (h: FleetHost, since = 0): boolean => bench.said(h, /fleet: took a slot/, since);
  const holdingOff = (h: FleetHost, since = 0): boolean => bench.said(h, /fleet: holding off/, since);
  const released = (h: FleetHost, since = 0): boolean => bench.said(h, /fleet: checks passed twice in a row; released the slot/, since);
  const pressed = (h: FleetHost, since = 0): number[] => bench.times(h, "relay-on", since);
  const holdersOf = async (group: string): Promise<string[]> => {
    const answer = await new EtcdLock(etcd, group, 1, false).peek();
    return answer.kind === "done" ? (answer.view?.holders.map((h) => h.id) ?? []) : assert.fail(`peek: ${JSON.stringify(answer)}`);
  };
  /** A host beat past `t`: its board got a BEAT at or after it. */
  const beatAfter = (h: FleetHost, t: number): boolean => bench.times(h, "beat", t).length > 0;

  it("(a) the shared cause: never more than max-concurrent boards act; the others hold off beating; all recover", async () => {
    const MAX = 2;
    await Promise.all(bench.hosts.map((h) => bench.startAgent(h, etcdFleet("storm", `max-concurrent = ${MAX}`))));
    await waitFor(() => bench.hosts.every((h) => beatAfter(h, Date.now() - 900)), 10000, () => "not every host beats");
    const t0 = Date.now();
    writeFileSync(bench.sharedCause, "");
    await waitFor(() => bench.hosts.filter((h) => took(h, t0)).length === MAX && bench.hosts.filter((h) => holdingOff(h, t0)).length === bench.hosts.length - MAX, 10000,
      () => bench.hosts.map((h) => `${h.name}: ${bench.log(h)}`).join("\n"));
    const holders = bench.hosts.filter((h) => took(h, t0));
    const others = bench.hosts.filter((h) => !took(h, t0));
    await waitFor(() => holders.every((h) => pressed(h, t0).length > 0), 3 * BOARD_TIMEOUT_MS, () => "the slot holders' boards did not act");
    // Keep the cause until each holding-off host has beaten for two board timeouts: unbeaten, its board would have acted by then.
    await waitFor(() => others.every((h) => beatAfter(h, t0 + 2 * BOARD_TIMEOUT_MS)), 4 * BOARD_TIMEOUT_MS, () => "the holding-off hosts stopped beating");
    for (const h of others) {
      assert.deepEqual(pressed(h, t0), [], `${h.name} held off, its board must not act`);
      const beats = bench.times(h, "beat", t0);
      for (let i = 1; i < beats.length; i++) assert.ok(beats[i] - beats[i - 1] < BOARD_TIMEOUT_MS, `${h.name}: ${beats[i] - beats[i - 1]} ms between beats`);
    }
    assert.deepEqual((await holdersOf("storm")).sort(), holders.map((h) => h.name).sort());
    // `banken status` while the service holds the port (through its control socket) says why the host is not reset.
    const status = await cli(["status", "--config", `${others[0].dir}/banken.toml`]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /\nfleet: holding off, 2\/2 slots held by host-\d for \d+ (ms|s), host-\d for \d+ (ms|s); still sending heartbeats although checks fail: shared: /);

    const cleared = Date.now();
    rmSync(bench.sharedCause);
    await waitFor(() => holders.every((h) => released(h, cleared)) && bench.hosts.every((h) => beatAfter(h, cleared + 1500)), 15000, () => holders.map((h) => bench.log(h)).join("\n"));
    assert.deepEqual(await holdersOf("storm"), [], "every slot given back once the checks passed twice");
    const history = await historyOfGroup(etcd, groupKey("storm"));
    assert.equal(history.mostHolders, MAX, `never more than ${MAX} holders in any committed value: ${JSON.stringify(history.holders)}`);
    // At no moment more than MAX boards acting: from a board's first reset to its host's first beat after its last one.
    const acting = bench.hosts.filter((h) => pressed(h, t0).length > 0).map((h) => {
      const offs = bench.times(h, "relay-off", t0);
      return [pressed(h, t0)[0], bench.times(h, "beat", offs[offs.length - 1])[0] ?? Infinity] as const;
    });
    for (const [start] of acting) assert.ok(acting.filter(([a, b]) => a <= start && start < b).length <= MAX);
    writeChart("fleet-a-storm", bench.hosts, t0 - 2000, Date.now(), MAX, true);
  });

  it("(b) a hung agent (SIGSTOP) while its group is full: its board still resets the host", async () => {
    const host = bench.hosts[0];
    const elsewhere = new EtcdLock(etcd, "hang", 1, false);
    assert.equal((await elsewhere.acquire("elsewhere", new Set())).kind, "granted");
    await bench.startAgent(host, etcdFleet("hang"));
    const t0 = Date.now();
    writeFileSync(host.cause, "");
    await waitFor(() => holdingOff(host, t0), 5000, () => bench.log(host));
    const stoppedAt = Date.now();
    host.agent?.kill("SIGSTOP");
    await waitFor(() => pressed(host, stoppedAt).length > 0, 2 * BOARD_TIMEOUT_MS, () => "the board did not reset the hung host");
    assert.deepEqual(await holdersOf("hang"), ["elsewhere"], "the hung host never took a slot: the board acted on its own");
    await elsewhere.release("elsewhere");
  });

  it("(c) the etcd leader killed in the middle of a storm: no over-grant, and the next hosts still get their turn", async () => {
    await Promise.all(bench.hosts.map((h) => bench.startAgent(h, etcdFleet("leader"))));
    const t0 = Date.now();
    for (const h of bench.hosts) writeFileSync(h.cause, "");
    // A reset fixes the host it was for: once a board acted, its host's own cause goes away.
    const fixResetHosts = (): void => bench.hosts.forEach((h) => pressed(h, t0).length > 0 && existsSync(h.cause) && rmSync(h.cause));
    await waitFor(() => bench.hosts.some((h) => pressed(h, t0).length > 0), 4 * BOARD_TIMEOUT_MS, () => "no board acted");
    const leader = cluster.leader();
    const killedAt = Date.now();
    await cluster.kill(leader);
    await waitFor(() => (fixResetHosts(), bench.hosts.filter((h) => released(h, t0)).length >= 3), 45000,
      () => `served: ${bench.hosts.filter((h) => released(h, t0)).map((h) => h.name)}\n${bench.hosts.map((h) => `${h.name}: ${bench.log(h)}`).join("\n")}`);
    const servedAfterKill = bench.hosts.filter((h) => took(h, killedAt + 1));
    assert.ok(servedAfterKill.length >= 2, "hosts took slots after the leader died");
    // Slots from the logs: from "took a slot" to "released"; with max-concurrent 1 none may overlap.
    const spans = bench.hosts.filter((h) => took(h, t0)).map((h) => {
      const from = h.events.find((e) => e.t >= t0 && /fleet: took a slot/.test(e.text))!.t;
      return [from, h.events.find((e) => e.t >= from && /released the slot/.test(e.text))?.t ?? Infinity] as const;
    });
    for (const [a, b] of spans) assert.equal(spans.filter(([c, d]) => c < b && a < d).length, 1, "two hosts acted at once");
    await cluster.restart(leader);
    const history = await historyOfGroup(etcd, groupKey("leader"));
    assert.equal(history.mostHolders, 1, JSON.stringify(history.holders));
  });

  it("(d) a holder that never returns is marked lost and alerted; keep holds the group until unlock, release lets the next host in", async () => {
    const [deadKeep, waitingKeep, deadRelease, nextRelease] = bench.hosts;
    const start = Date.now();
    await Promise.all([
      bench.startAgent(deadKeep, etcdFleet("lost-keep", `lost-after = "3s"`)),
      bench.startAgent(waitingKeep, etcdFleet("lost-keep", `lost-after = "3s"`)),
      bench.startAgent(deadRelease, etcdFleet("lost-release", `lost-after = "3s"\non-lost = "release"`)),
      bench.startAgent(nextRelease, etcdFleet("lost-release", `lost-after = "3s"\non-lost = "release"`)),
    ]);
    writeFileSync(deadKeep.cause, "");
    writeFileSync(deadRelease.cause, "");
    await waitFor(() => took(deadKeep, start) && took(deadRelease, start), 5000, () => bench.log(deadKeep));
    const fleetJson = `${deadKeep.dir}/fleet.json`;
    await waitFor(() => existsSync(fleetJson) && readFileSync(fleetJson, "utf8").includes('"status":"holding-slot"'), 3000, () => "fleet.json not written");
    await Promise.all([bench.stopAgent(deadKeep, "SIGKILL"), bench.stopAgent(deadRelease, "SIGKILL")]);
    // Its agent gone, the port is free: `banken status` shows the board and the guard's last word.
    const deadStatus = await cli(["status", "--config", `${deadKeep.dir}/banken.toml`]);
    assert.equal(deadStatus.code, 0, deadStatus.stderr);
    assert.match(deadStatus.stdout, /\nfleet: took a slot in lost-keep \(1\/1 slots held by host-0 for \d+ (ms|s)\); not sending heartbeats, the board acts: own: .* \(\d+ (ms|s) ago\)\n$/);
    const t0 = Date.now();
    writeFileSync(waitingKeep.cause, "");
    writeFileSync(nextRelease.cause, "");
    await waitFor(() => bench.said(waitingKeep, /fleet: lost holder\(s\) in lost-keep: host-0 held a slot past lost-after/, t0), 10000, () => bench.log(waitingKeep));
    await waitFor(() => /^banken_fleet_lost_holders\{group="lost-keep"\} 1$/m.test(readFileSync(waitingKeep.metricsFile, "utf8")), 3000, () => readFileSync(waitingKeep.metricsFile, "utf8"));
    await waitFor(() => took(nextRelease, t0), 10000, () => bench.log(nextRelease));
    assert.deepEqual(await holdersOf("lost-release"), [nextRelease.name], "on-lost = release: the lost holder's slot went to the next host");
    const status = await cli(["fleet", "status", "--config", `${waitingKeep.dir}/banken.toml`]);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /1\/1 slots held by host-0 for \d+ s \(lost\)/);
    assert.match(status.stdout, /LOST: host-0 held its slot past lost-after; marked by host-1 /);
    assert.match(status.stdout, /this host: holding off, 1\/1 slots held by host-0/);
    assert.ok(!took(waitingKeep, t0), "on-lost = keep: the group stays held");
    const unlock = await cli(["fleet", "unlock", "host-0", "--config", `${waitingKeep.dir}/banken.toml`]);
    assert.equal(unlock.code, 0, unlock.stderr);
    await waitFor(() => took(waitingKeep, t0), 5000, () => bench.log(waitingKeep));
  });

  it("(e) etcd unreachable: with act the host waits isolation-grace (+ jitter) and acts alone; with hold it keeps beating", async () => {
    const [alone, holding] = bench.hosts;
    const nowhere = `backend = "etcd"\nendpoints = ["http://127.0.0.1:${await freePort()}"]\ngroup = "cut-off"\nisolation-grace = "2s"\n`;
    await bench.startAgent(alone, nowhere);
    await bench.startAgent(holding, `${nowhere}on-unreachable = "hold"\n`);
    const t0 = Date.now();
    writeFileSync(alone.cause, "");
    writeFileSync(holding.cause, "");
    await waitFor(() => pressed(alone, t0).length > 0, 2000 + 500 + BOARD_TIMEOUT_MS + 3000, () => bench.log(alone));
    assert.ok(pressed(alone, t0)[0] - t0 >= 2000 + BOARD_TIMEOUT_MS - 1000, "it waited the isolation grace before going silent");
    assert.ok(bench.said(alone, /fleet: lock service unreachable .*acting alone after/, t0) && bench.said(alone, /acting alone, not sending heartbeats/, t0));
    await waitFor(() => beatAfter(holding, pressed(alone, t0)[0] + BOARD_TIMEOUT_MS), 3 * BOARD_TIMEOUT_MS, () => bench.log(holding));
    assert.deepEqual(pressed(holding, t0), [], "on-unreachable = hold: its board never acted");
    assert.ok(bench.said(holding, /fleet: lock service unreachable .* holding, still sending heartbeats \(on-unreachable = hold\)/, t0));
    const metrics = readFileSync(holding.metricsFile, "utf8");
    assert.match(metrics, /^banken_fleet_lock_reachable\{group="cut-off"\} 0$/m);
    assert.match(metrics, /^banken_fleet_holding_off\{group="cut-off"\} 1$/m);
  });

  it("cron mode: banken beat keeps the guard's memory between runs (holding off, a slot, its release after two passing runs)", async () => {
    const host = bench.hosts[4];
    const config = bench.writeConfig(host, etcdFleet("cron"), 4000); // cron runs have no interval: checks get 3.6 s
    const elsewhere = new EtcdLock(etcd, "cron", 1, false);
    assert.equal((await elsewhere.acquire("elsewhere", new Set())).kind, "granted");
    writeFileSync(host.cause, "");
    const beat = async (): Promise<{ code: number | null; stderr: string }> => cli(["beat", "--config", config]);
    const before = Date.now();
    const offRun = await beat();
    assert.equal(offRun.code, 0, "holding off: the heartbeat went out although the checks fail");
    assert.match(offRun.stderr, /^banken beat: fleet: holding off, 1\/1 slots held by elsewhere for \d+ (ms|s); still sending heartbeats although checks fail: own: /);
    assert.ok(beatAfter(host, before));
    assert.match(readFileSync(host.metricsFile, "utf8"), /^banken_fleet_holding_off\{group="cron"\} 1$/m);
    await elsewhere.release("elsewhere");
    const slotRun = await beat();
    assert.equal(slotRun.code, 3, slotRun.stderr);
    assert.match(slotRun.stderr, /fleet: took a slot in cron \(1\/1 slots held by host-4 for \d+ ms\); not sending heartbeats/);
    assert.match(slotRun.stderr, /checks failed, no heartbeat sent: own: /);
    rmSync(host.cause);
    assert.equal((await beat()).code, 0);
    assert.deepEqual(await holdersOf("cron"), ["host-4"], "one passing run is not enough to give the slot back");
    assert.equal((await beat()).code, 0);
    assert.deepEqual(await holdersOf("cron"), [], "released after two passing runs in a row");
  });

  it("(f) FleetLock: one host acts, the others hold off with the server's error kind, the slot comes back at steady state", async () => {
    const server = await startFleetLockServer((group) => (group === "workers" ? new EtcdLock(etcd, "fleetlock-workers", 1, false) : null));
    try {
      const hosts = bench.hosts.slice(0, 3);
      await Promise.all(hosts.map((h) => bench.startAgent(h, `backend = "fleetlock"\nendpoints = ["${server.url}/"]\ngroup = "workers"\n`)));
      const t0 = Date.now();
      writeFileSync(bench.sharedCause, "");
      await waitFor(() => hosts.filter((h) => took(h, t0)).length === 1 && hosts.filter((h) => holdingOff(h, t0)).length === 2, 5000, () => hosts.map((h) => bench.log(h)).join("\n"));
      const [holder] = hosts.filter((h) => took(h, t0));
      for (const h of hosts.filter((x) => x !== holder)) assert.ok(bench.said(h, /fleet: holding off, HTTP 409 failed_lock_semaphore_full: semaphore currently full/, t0));
      await waitFor(() => pressed(holder, t0).length > 0, 3 * BOARD_TIMEOUT_MS, () => "the holder's board did not act");
      const cleared = Date.now();
      rmSync(bench.sharedCause);
      await waitFor(() => released(holder, cleared), 10000, () => bench.log(holder));
      assert.deepEqual(await holdersOf("fleetlock-workers"), []);
      for (const request of server.seen.filter((r) => r.path === "/v1/pre-reboot" || r.path === "/v1/steady-state")) {
        assert.equal(request.header, "true");
        assert.match(request.body, /^\{"client_params":\{"id":"host-[0-2]","group":"workers"\}\}$/);
      }
      assert.ok(server.seen.some((r) => r.path === "/v1/steady-state"));
      const notHolders = hosts.filter((h) => h !== holder);
      for (const h of notHolders) assert.deepEqual(pressed(h, t0), []);
    } finally {
      await server.close();
    }
  });
});

function writeChart(name: string, hosts: FleetHost[], fromMs: number, toMs: number, max: number, passed: boolean): void {
  const chartHosts: FleetChartHost[] = hosts.map((h) => ({ name: h.name, events: h.events }));
  const svg = renderFleetChart({ title: "Fleet guard, scenario (a): the shared cause", subtitle: `${hosts.length} hosts, max-concurrent ${max}, board timeout ${BOARD_TIMEOUT_MS / 1000} s, interval 1 s; every host's checks fail at once, then the cause clears`, fromMs, toMs, hosts: chartHosts, passed });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(resolve(OUT, `${name}.svg`), svg);
  const copy = process.env.BANKEN_FLEET_CHART;
  if (copy !== undefined && copy !== "") {
    mkdirSync(dirname(resolve(copy)), { recursive: true });
    writeFileSync(resolve(copy), svg);
  }
}
