// Issue 13 item 8: 1,000 fleet guards of one group (max-concurrent 10) find their checks failing at
// the same moment and ask the real 3-member etcd cluster for a slot, in one process; the leader is
// SIGKILLed once half of them have their answer. Each guard is the agent's own FleetGuard (the
// decision loop of `banken run`) over its own EtcdLock; they share 10 gRPC clients (a real fleet has
// one connection per host; the key's contention, which is what costs, is the same). Reported: time
// until every guard has its answer, etcd requests per guard, and the most holders etcd ever stored.
import { Etcd3 } from "etcd3";
import { clientOptions, EtcdLock, groupKey } from "../../host-agent/src/fleet/etcd-lock.ts";
import { FleetGuard } from "../../host-agent/src/fleet/guard.ts";
import { EtcdCluster, etcdMissing, historyOfGroup } from "../../host-agent/test/support/etcd-cluster.ts";
import { BenchSetupError } from "../lib/proc.ts";
import { row, type Row } from "../lib/result.ts";
import { percentile, round } from "../lib/stats.ts";

const SILENT = { info: () => undefined, warn: () => undefined };

export async function measureFleet(clients = 1000, max = 10): Promise<Row[]> {
  const missing = etcdMissing();
  if (missing !== null) throw new BenchSetupError(`fleet: ${missing}`);
  const cluster = await EtcdCluster.start();
  const connections = Array.from({ length: 10 }, () => new Etcd3(clientOptions({ endpoints: cluster.endpoints }, 5000)));
  try {
    const group = "bench";
    const locks = Array.from({ length: clients }, (_, i) => new EtcdLock(connections[i % connections.length], group, max, false));
    const config = { backend: "etcd" as const, endpoints: cluster.endpoints, group, maxConcurrent: max, lostAfterMs: 1800000, onLost: "keep" as const, onUnreachable: "act" as const };
    const guards = locks.map((lock, i) => {
      const guard = new FleetGuard({ config, log: SILENT, open: async () => lock }, `host-${String(i).padStart(4, "0")}`);
      guard.boardKnown(600000, 60000); // the default board: 10 min timeout, beat every 3 min 20 s → 5 s per request
      return guard;
    });
    let answered = 0;
    let killed: Promise<void> | null = null;
    let killedAfterMs = 0;
    const answerMs: number[] = [];
    const started = performance.now();
    const beats = await Promise.all(
      guards.map(async (guard) => {
        const beat = await guard.round(false, "gateway: no reply from 10.0.0.1");
        answerMs.push(performance.now() - started);
        if (++answered === Math.floor(clients / 2)) {
          killedAfterMs = performance.now() - started;
          killed = cluster.kill(cluster.leader());
        }
        return { beat, status: guard.snapshot().status };
      }),
    );
    const allMs = performance.now() - started;
    await killed;
    const granted = beats.filter((b) => b.status === "holding-slot").length;
    const holdingOff = beats.filter((b) => b.status === "holding-off").length;
    const other = clients - granted - holdingOff;
    const trips = locks.map((l) => l.roundTrips).sort((a, b) => a - b);
    const history = await historyOfGroup(connections[0], groupKey(group));
    const tripsTotal = trips.reduce((a, b) => a + b, 0);
    const raw = await semaphoreAlone(cluster, connections, clients, max);
    return [
      row("fleet", `time until all ${clients} guards have their answer`, round(allMs, 0), "ms", `leader SIGKILLed after ${Math.floor(clients / 2)} answers (${round(killedAfterMs, 0)} ms); median answer ${round(percentile(answerMs, 50), 0)} ms, p99 ${round(percentile(answerMs, 99), 0)} ms`),
      row("fleet", "etcd requests per guard (reads + transactions)", round(tripsTotal / clients, 2), "requests", `median ${percentile(trips, 50)}, max ${trips[trips.length - 1]}; ${tripsTotal} in all (the etcd3 client's own retries after the kill not counted)`),
      row("fleet", "most holders in any value etcd committed", history.mostHolders, "holders", `${history.versions} committed values`, `= ${max}, never more`, history.mostHolders === max),
      row("fleet", "guards that got no answer within the agent's request bound", other, "guards", `answers: ${granted} slot, ${holdingOff} holding off; a guard without an answer keeps beating through its isolation grace and asks again next round`),
      row("fleet", `the semaphore alone: time until all ${clients} takers have their answer`, round(raw.allMs, 0), "ms", `EtcdLock.acquire without the agent's bound (30 s per call), leader killed again after ${Math.floor(clients / 2)} answers; ${raw.granted} granted, ${round(raw.requestsPerTaker, 2)} requests per taker, most holders ever ${raw.mostHolders}`, `= ${max} holders`, raw.mostHolders === max && raw.granted === max),
    ];
  } finally {
    for (const c of connections) c.close();
    await cluster.stop();
  }
}

/** The same contention without the agent's time bound: how long the semaphore itself needs (the killed member restarted first). */
async function semaphoreAlone(cluster: EtcdCluster, connections: Etcd3[], clients: number, max: number): Promise<{ allMs: number; granted: number; requestsPerTaker: number; mostHolders: number }> {
  await cluster.restart(cluster.members.find((m) => m.process === null) ?? cluster.members[0]);
  const patient = Array.from({ length: 10 }, () => new Etcd3(clientOptions({ endpoints: cluster.endpoints }, 30000)));
  try {
    const locks = Array.from({ length: clients }, (_, i) => new EtcdLock(patient[i % patient.length], "bench-raw", max, false));
    let answered = 0;
    let killed: Promise<void> | null = null;
    const started = performance.now();
    const answers = await Promise.all(
      locks.map(async (lock, i) => {
        let answer = await lock.acquire(`taker-${i}`, new Set());
        for (let retry = 0; answer.kind === "unreachable" && retry < 5; retry++) answer = await lock.acquire(`taker-${i}`, new Set());
        if (++answered === Math.floor(clients / 2)) killed = cluster.kill(cluster.leader());
        return answer.kind;
      }),
    );
    const allMs = performance.now() - started;
    await killed;
    const history = await historyOfGroup(connections[0], groupKey("bench-raw"));
    const requests = locks.reduce((sum, l) => sum + l.roundTrips, 0);
    return { allMs, granted: answers.filter((a) => a === "granted").length, requestsPerTaker: requests / clients, mostHolders: history.mostHolders };
  } finally {
    for (const c of patient) c.close();
  }
}
