// The value of a group's one etcd key, and the pure changes made to it. Every change is applied by
// a compare-and-swap on the key's mod revision (etcd-lock.ts), so these functions only say what the
// next value is; they never decide alone whether a slot is free.

export interface Holder {
  id: string;
  /** Epoch ms of the holder's clock when it took the slot (shown as an age; never used to decide). */
  sinceMs: number;
  /** Set by the first agent that saw this holder stay past lost-after: who, and when (its clock). */
  lostBy?: string;
  lostAtMs?: number;
}

export interface GroupValue {
  /** Slots: at most this many holders, ever (set-max may lower it under the current count: then nobody new gets in). */
  max: number;
  holders: Holder[];
}

export function parseGroup(text: string): GroupValue {
  const raw = JSON.parse(text) as Partial<GroupValue>;
  if (typeof raw.max !== "number" || !Array.isArray(raw.holders)) throw new Error("not a banken fleet group value");
  return { max: raw.max, holders: raw.holders.filter((h): h is Holder => typeof h?.id === "string" && typeof h.sinceMs === "number") };
}

export function serializeGroup(value: GroupValue): string {
  return JSON.stringify(value);
}

export const holds = (value: GroupValue | null, id: string): boolean => value?.holders.some((h) => h.id === id) ?? false;

/**
 * Take a slot for `id` (recursive: a holder asking again keeps its slot, as in FleetLock). `reap`
 * names holders to remove first (lost ones, with on-lost = "release"). Returns the next value, or
 * "full" when every slot is held by someone else.
 */
export function acquire(current: GroupValue | null, id: string, nowMs: number, defaultMax: number, reap: ReadonlySet<string> = new Set()): GroupValue | "full" | "unchanged" {
  if (current !== null && holds(current, id)) return "unchanged";
  const base = current ?? { max: defaultMax, holders: [] };
  const holders = base.holders.filter((h) => !reap.has(h.id));
  if (holders.length >= base.max) return "full";
  return { max: base.max, holders: [...holders, { id, sinceMs: nowMs }] };
}

export function release(current: GroupValue | null, id: string): GroupValue | "unchanged" {
  if (current === null || !holds(current, id)) return "unchanged";
  return { max: current.max, holders: current.holders.filter((h) => h.id !== id) };
}

/** Marks holders lost (on-lost = "keep"): the slot stays taken, but everyone can see it. */
export function markLost(current: GroupValue | null, ids: ReadonlySet<string>, by: string, nowMs: number): GroupValue | "unchanged" {
  if (current === null) return "unchanged";
  let changed = false;
  const holders = current.holders.map((h) => {
    if (!ids.has(h.id) || h.lostBy !== undefined) return h;
    changed = true;
    return { ...h, lostBy: by, lostAtMs: nowMs };
  });
  return changed ? { max: current.max, holders } : "unchanged";
}

export function setMax(current: GroupValue | null, max: number): GroupValue | "unchanged" {
  if (current?.max === max) return "unchanged";
  return { max, holders: current?.holders ?? [] };
}
