// The etcd backend: one key per group holding {max, holders}, changed only by a transaction that
// compares the key's mod revision with the one just read (locksmith's and airlock's design; docs/fleet.md
// says why). Linearizable: etcd orders every transaction through Raft, so two agents can never both
// succeed from the same revision, and a read is a quorum read. Retries are safe because every change
// is idempotent per id (taking a slot already held, or releasing one not held, changes nothing).
import { readFileSync } from "node:fs";
import { Etcd3, type IOptions } from "etcd3";
import { AgentError } from "../errors.ts";
import type { GroupView, LockAnswer, LockBackend } from "./backend.ts";
import type { FleetConfig } from "./config.ts";
import { acquire, markLost, parseGroup, release, serializeGroup, setMax, type GroupValue } from "./semaphore.ts";

/** Bound on compare-and-swap retries in one request: each failure means someone else's change went in. */
const MAX_CAS_ATTEMPTS = 64;

export const groupKey = (group: string): string => `/banken/fleet/groups/${group}`;

type Mutation = (current: GroupValue | null) => GroupValue | "unchanged" | "full";

export class EtcdLock implements LockBackend {
  readonly label: string;
  /** Requests sent to etcd (reads and transactions), for the bench's round trips per client. */
  roundTrips = 0;
  private readonly key: string;

  constructor(
    private readonly client: Etcd3,
    group: string,
    private readonly defaultMax: number,
    /** Whether close() also closes the client (false when the bench shares one between many locks). */
    private readonly ownsClient: boolean,
  ) {
    this.key = groupKey(group);
    this.label = `etcd group ${group}`;
  }

  static open(config: FleetConfig, timeoutMs: number): EtcdLock {
    return new EtcdLock(new Etcd3(clientOptions(config, timeoutMs)), config.group, config.maxConcurrent, true);
  }

  acquire(id: string, reap: ReadonlySet<string>): Promise<LockAnswer> {
    return this.change((current) => acquire(current, id, Date.now(), this.defaultMax, reap), (outcome, view) =>
      outcome === "full" ? { kind: "refused", view, reason: `all ${view?.max ?? this.defaultMax} slots are held` } : { kind: "granted", view },
    );
  }

  release(id: string): Promise<LockAnswer> {
    return this.change((current) => release(current, id), (outcome, view) => ({ kind: "done", view, changed: outcome === "changed" }));
  }

  async peek(): Promise<LockAnswer> {
    try {
      const { value } = await this.read();
      return { kind: "done", view: value };
    } catch (error) {
      return unreachable(error);
    }
  }

  markLost(ids: ReadonlySet<string>, by: string): Promise<LockAnswer> {
    return this.change((current) => markLost(current, ids, by, Date.now()), (_outcome, view) => ({ kind: "done", view }));
  }

  setMax(max: number): Promise<LockAnswer> {
    return this.change((current) => setMax(current, max), (_outcome, view) => ({ kind: "done", view }));
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.close();
  }

  private async read(): Promise<{ value: GroupValue | null; revision: string }> {
    this.roundTrips++;
    const response = await this.client.get(this.key).exec();
    return fromKvs(response.kvs);
  }

  /** Read, compute the next value, compare-and-swap; on a lost race the transaction returns the new value, so try again from it. */
  private async change(mutate: Mutation, answer: (outcome: "changed" | "unchanged" | "full", view: GroupView | null) => LockAnswer): Promise<LockAnswer> {
    try {
      let { value, revision } = await this.read();
      for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
        const next = mutate(value);
        if (next === "unchanged" || next === "full") return answer(next, value);
        this.roundTrips++;
        const result = await this.client
          .if(this.key, "Mod", "==", revision)
          .then(this.client.put(this.key).value(serializeGroup(next)))
          .else(this.client.get(this.key))
          .commit();
        if (result.succeeded) return answer("changed", next);
        ({ value, revision } = fromKvs(result.responses[0]?.response_range?.kvs ?? []));
      }
      return { kind: "refused", view: value, reason: `the group key changed under ${MAX_CAS_ATTEMPTS} attempts in a row; trying again next round` };
    } catch (error) {
      return unreachable(error);
    }
  }
}

function fromKvs(kvs: { value?: Uint8Array | null; mod_revision?: string | number | null }[]): { value: GroupValue | null; revision: string } {
  const kv = kvs[0];
  if (kv === undefined) return { value: null, revision: "0" };
  return { value: parseGroup(Buffer.from(kv.value ?? []).toString("utf8")), revision: String(kv.mod_revision) };
}

function unreachable(error: unknown): LockAnswer {
  if (error instanceof TypeError || error instanceof ReferenceError) throw error; // a bug, not the network
  const message = (error as Error).message.split("\n")[0];
  return { kind: "unreachable", reason: message };
}

/** The etcd3 client for a [fleet] table: every call bounded by `timeoutMs`, TLS and auth from files. */
export function clientOptions(config: Pick<FleetConfig, "endpoints" | "tls" | "username" | "passwordFile">, timeoutMs: number): IOptions {
  const options: IOptions = {
    hosts: config.endpoints,
    dialTimeout: timeoutMs,
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + timeoutMs }),
  };
  const tls = config.tls;
  if (tls !== undefined) {
    options.credentials = {
      // grpc's createSsl takes null for "the system's CA list"; the library's type says Buffer.
      rootCertificate: tls.caFile === undefined ? (null as unknown as Buffer) : readConfigFile(tls.caFile, "ca-file"),
      ...(tls.keyFile === undefined ? {} : { privateKey: readConfigFile(tls.keyFile, "key-file") }),
      ...(tls.certFile === undefined ? {} : { certChain: readConfigFile(tls.certFile, "cert-file") }),
    };
  }
  if (config.username !== undefined && config.passwordFile !== undefined) {
    options.auth = { username: config.username, password: readConfigFile(config.passwordFile, "password-file").toString("utf8").trim() };
  }
  return options;
}

function readConfigFile(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new AgentError("config", `fleet.${key}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
