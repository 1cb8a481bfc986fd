// A real 3-member etcd cluster on loopback for the fleet tests and the bench: Debian's etcd-server
// (`etcd` on the PATH; .ci/run installs it), free ports picked at run time, data in a temporary
// directory, fast elections (heartbeat 50 ms, election 500 ms) so a killed leader is replaced in
// about a second. Every wait is bounded; stop() kills what is left and removes the data.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Member {
  name: string;
  clientUrl: string;
  peerUrl: string;
  process: ChildProcess | null;
  log: string;
}

/** Why the fleet tests cannot run here, or null when `etcd` and `etcdctl` are installed. */
export function etcdMissing(): string | null {
  if (spawnSync("etcd", ["--version"], { stdio: "ignore" }).status !== 0) return "etcd is not installed (Debian: apt-get install etcd-server)";
  if (spawnSync("etcdctl", ["version"], { stdio: "ignore" }).status !== 0) return "etcdctl is not installed (Debian: apt-get install etcd-client)";
  return null;
}

/** A loopback port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export class EtcdCluster {
  readonly members: Member[] = [];
  private readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async start(size = 3): Promise<EtcdCluster> {
    const cluster = new EtcdCluster(mkdtempSync(join(tmpdir(), "banken-etcd-")));
    for (let i = 0; i < size; i++) {
      cluster.members.push({ name: `m${i}`, clientUrl: `http://127.0.0.1:${await freePort()}`, peerUrl: `http://127.0.0.1:${await freePort()}`, process: null, log: "" });
    }
    try {
      for (const member of cluster.members) cluster.launch(member);
      await cluster.waitHealthy(20000);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get endpoints(): string[] {
    return this.members.map((m) => m.clientUrl);
  }

  private launch(member: Member): void {
    const initialCluster = this.members.map((m) => `${m.name}=${m.peerUrl}`).join(",");
    const child = spawn("etcd", [
      "--name", member.name,
      "--data-dir", join(this.dir, member.name),
      "--listen-client-urls", member.clientUrl,
      "--advertise-client-urls", member.clientUrl,
      "--listen-peer-urls", member.peerUrl,
      "--initial-advertise-peer-urls", member.peerUrl,
      "--initial-cluster", initialCluster,
      "--initial-cluster-token", "banken-test",
      "--initial-cluster-state", "new",
      "--heartbeat-interval", "50",
      "--election-timeout", "500",
      "--logger", "zap",
      "--log-level", "error",
    ], { stdio: ["ignore", "ignore", "pipe"] });
    member.log = "";
    child.stderr?.on("data", (chunk: Buffer) => (member.log = (member.log + chunk.toString()).slice(-4000)));
    member.process = child;
  }

  /** Every running member answers /health with a leader elected (bounded by deadlineMs). */
  async waitHealthy(deadlineMs: number): Promise<void> {
    const giveUpAt = Date.now() + deadlineMs;
    for (const member of this.members.filter((m) => m.process !== null)) {
      for (;;) {
        const healthy = await fetch(`${member.clientUrl}/health`, { signal: AbortSignal.timeout(1000) })
          .then(async (r) => ((await r.json()) as { health?: string }).health === "true")
          .catch(() => false);
        if (healthy) break;
        if (Date.now() > giveUpAt) throw new Error(`etcd member ${member.name} not healthy within ${deadlineMs} ms: ${member.log}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** The member that leads now (asked of every running member through etcdctl). */
  leader(): Member {
    const running = this.members.filter((m) => m.process !== null);
    const result = spawnSync("etcdctl", ["--endpoints", running.map((m) => m.clientUrl).join(","), "endpoint", "status", "-w", "json"], { encoding: "utf8", timeout: 5000, env: { ...process.env, ETCDCTL_API: "3" } });
    const statuses = JSON.parse(result.stdout || "[]") as { Endpoint: string; Status: { leader: number | string; header: { member_id: number | string } } }[];
    const leading = statuses.find((s) => String(s.Status.leader) === String(s.Status.header.member_id));
    const member = this.members.find((m) => m.clientUrl === leading?.Endpoint);
    if (member === undefined) throw new Error(`no leader among ${running.map((m) => m.name).join(", ")}: ${result.stderr}`);
    return member;
  }

  /** SIGKILL: no goodbye to the peers, as a crashed machine. */
  async kill(member: Member): Promise<void> {
    const child = member.process;
    if (child === null) return;
    member.process = null;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
  }

  async restart(member: Member): Promise<void> {
    if (member.process === null) this.launch(member);
    await this.waitHealthy(20000);
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => this.kill(m)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Most holders in any value etcd ever committed for a group key, and how many values there were. */
export async function historyOfGroup(client: import("etcd3").Etcd3, key: string): Promise<{ mostHolders: number; versions: number; holders: string[][] }> {
  const latest = await client.get(key).exec();
  const kv = latest.kvs[0];
  if (kv === undefined) return { mostHolders: 0, versions: 0, holders: [] };
  const holders: string[][] = [];
  for (let revision = Number(kv.create_revision); revision <= Number(kv.mod_revision); revision++) {
    const at = (await client.get(key).revision(String(revision)).exec()).kvs[0];
    if (at === undefined || Number(at.mod_revision) !== revision) continue;
    holders.push((JSON.parse(at.value.toString()) as { holders: { id: string }[] }).holders.map((h) => h.id));
  }
  return { mostHolders: Math.max(0, ...holders.map((h) => h.length)), versions: holders.length, holders };
}
