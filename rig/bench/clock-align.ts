// Maps the observer's microsecond clock onto rig time. Each TIME exchange gives a sample: the host
// sent at s, got the reply at r, the observer said u. The observer read its clock somewhere in
// [s, r], so the midpoint is off by at most half the round trip; the tightest round trips are kept.
// Two crystals drift apart by tens of ppm (50 ppm = 30 ms over a 10-minute timeout, close to the
// bench tolerance), so once samples span long enough, the rate is fitted as well as the offset.

export interface ClockSample {
  sentMs: number;
  receivedMs: number;
  observerUs: number;
}

/** Samples closer together than this give no useful rate (the round-trip noise dominates). */
const MIN_RATE_SPAN_MS = 2000;

export class ClockAligner {
  private samples: ClockSample[] = [];

  add(sample: ClockSample): void {
    if (!(sample.receivedMs >= sample.sentMs)) throw new RangeError("clock sample received before it was sent");
    this.samples.push(sample);
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  /** Half the best round trip: the worst-case alignment error of a single edge, ms. */
  uncertaintyMs(): number {
    const best = this.best(this.samples);
    return best === undefined ? Infinity : (best.receivedMs - best.sentMs) / 2;
  }

  /** Rig ms of an observer µs reading. Throws before the first sample. */
  toRigMs(observerUs: number): number {
    const anchor = this.best(this.samples);
    if (anchor === undefined) throw new Error("observer clock not aligned yet (no TIME sample)");
    return midpoint(anchor) + (observerUs - anchor.observerUs) / 1000 / this.rate(anchor);
  }

  /** Observer µs per rig µs (1 = same speed), from the tightest sample of the first and last thirds. */
  rate(anchor = this.best(this.samples)): number {
    if (anchor === undefined || this.samples.length < 2) return 1;
    const third = Math.max(1, Math.floor(this.samples.length / 3));
    const early = this.best(this.samples.slice(0, third));
    const late = this.best(this.samples.slice(-third));
    if (early === undefined || late === undefined) return 1;
    const spanMs = midpoint(late) - midpoint(early);
    if (spanMs < MIN_RATE_SPAN_MS) return 1;
    return (late.observerUs - early.observerUs) / 1000 / spanMs;
  }

  private best(list: readonly ClockSample[]): ClockSample | undefined {
    let best: ClockSample | undefined;
    for (const s of list) if (best === undefined || s.receivedMs - s.sentMs < best.receivedMs - best.sentMs) best = s;
    return best;
  }
}

function midpoint(s: ClockSample): number {
  return (s.sentMs + s.receivedMs) / 2;
}
