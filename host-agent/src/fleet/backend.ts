// What the guard asks of a lock service, and what it can answer. Two backends: etcd (etcd-lock.ts,
// the semaphore itself) and FleetLock (fleetlock-client.ts, a server that keeps it, e.g. airlock).
import type { Holder } from "./semaphore.ts";

/** The group as the service showed it; FleetLock shows nothing (its protocol has no read). */
export interface GroupView {
  max: number;
  holders: Holder[];
}

export type LockAnswer =
  /** This host holds a slot (newly, or still: locks are recursive). */
  | { kind: "granted"; view: GroupView | null }
  /** No slot: all are held by others (or the FleetLock server said no, with its error kind). */
  | { kind: "refused"; view: GroupView | null; reason: string }
  /** A release, unlock, mark or set-max went through (or had nothing to do: changed false); or a plain read. */
  | { kind: "done"; view: GroupView | null; changed?: boolean }
  /** The service did not answer in time, or answered that it cannot decide (its own store is down). */
  | { kind: "unreachable"; reason: string };

export interface LockBackend {
  readonly label: string;
  /** Take a slot; `reap` names lost holders to drop in the same step (on-lost = "release"). */
  acquire(id: string, reap: ReadonlySet<string>): Promise<LockAnswer>;
  /** Give the slot back if held (FleetLock's steady state); also what `fleet unlock <id>` does. */
  release(id: string): Promise<LockAnswer>;
  /** Read the group (etcd), for the metrics, `fleet status` and lost-holder detection. */
  peek(): Promise<LockAnswer>;
  /** Mark holders lost (on-lost = "keep"), so `fleet status` and every agent see it. */
  markLost(ids: ReadonlySet<string>, by: string): Promise<LockAnswer>;
  setMax(max: number): Promise<LockAnswer>;
  close(): Promise<void>;
}
