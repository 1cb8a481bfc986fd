// One discrete-event clock for every simulated board. Time is an integer count of microseconds,
// so events at the same instant order by insertion (seq) and never drift through float sums.
// A binary heap with lazy cancellation keeps schedule/cancel O(log n) for a month of events.

export interface ClockEvent {
  /** Due time, integer µs since the clock was created. */
  readonly atUs: number;
  /** Cancelled events stay in the heap and are skipped when they surface. */
  cancel(): void;
  readonly live: boolean;
}

class Entry implements ClockEvent {
  live = true;
  constructor(
    readonly atUs: number,
    readonly seq: number,
    readonly fn: () => void,
  ) {}
  cancel(): void {
    this.live = false;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.atUs < b.atUs || (a.atUs === b.atUs && a.seq < b.seq);
}

export class VirtualClock {
  private heap: Entry[] = [];
  private seq = 0;
  private nowUsValue = 0;
  /** Number of events run so far (for speed reports). */
  eventsRun = 0;

  /** Current time in integer µs. */
  nowUs(): number {
    return this.nowUsValue;
  }

  /** Current time in ms (fractional: µs resolution). */
  nowMs(): number {
    return this.nowUsValue / 1000;
  }

  /** Run `fn` `delayUs` from now (rounded to whole µs, never in the past). */
  after(delayUs: number, fn: () => void): ClockEvent {
    return this.at(this.nowUsValue + Math.max(0, Math.round(delayUs)), fn);
  }

  /** Run `fn` at absolute time `atUs` (clamped to now). */
  at(atUs: number, fn: () => void): ClockEvent {
    const entry = new Entry(Math.max(this.nowUsValue, Math.round(atUs)), this.seq++, fn);
    this.push(entry);
    return entry;
  }

  /** Time of the next live event in µs, or -1. */
  nextUs(): number {
    this.dropDead();
    return this.heap.length > 0 ? this.heap[0].atUs : -1;
  }

  /** Run every event due at or before `tUs`, then set the clock to `tUs`. */
  runUntilUs(tUs: number): void {
    const limit = Math.round(tUs);
    for (;;) {
      this.dropDead();
      const top = this.heap[0];
      if (top === undefined || top.atUs > limit) break;
      this.pop();
      top.live = false;
      this.nowUsValue = top.atUs;
      this.eventsRun++;
      top.fn();
    }
    if (limit > this.nowUsValue) this.nowUsValue = limit;
  }

  /** Run until absolute time `tMs` (ms since the clock started). */
  runUntil(tMs: number): void {
    this.runUntilUs(tMs * 1000);
  }

  /** Let `ms` pass. */
  advance(ms: number): void {
    this.runUntilUs(this.nowUsValue + ms * 1000);
  }

  /** Pending live events (for tests and leak checks). */
  pending(): number {
    let n = 0;
    for (const e of this.heap) if (e.live) n++;
    return n;
  }

  private dropDead(): void {
    while (this.heap.length > 0 && !this.heap[0].live) this.pop();
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop() as Entry;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
}
