// A wire and what is attached to it. A net's level is decided the way the parts would: a driving
// output wins (two outputs fighting: LOW wins, as the stronger sink), then an external pull
// resistor from the bench's always-on rail, then a chip's weak internal pull; with nothing at all the
// line floats and keeps its last level (its capacitance), flagged as floating.

export type Level = 0 | 1;
export type Pull = "up" | "down" | "none";

/** One pin of one board attached to a net. Unpowered boards neither drive nor pull. */
export interface PinAttachment {
  /** 0/1 while driving, null while high-impedance. */
  drive: Level | null;
  /** Internal pull while not driving. */
  pull: Pull;
}

export type NetListener = (level: Level, floating: boolean) => void;

export class Net {
  private attachments: PinAttachment[] = [];
  private listeners: NetListener[] = [];
  private levelValue: Level;
  private floatingValue = true;

  constructor(
    readonly name: string,
    /** External resistor on the bench (from wiring.ts). */
    readonly externalPull: Pull = "none",
  ) {
    this.levelValue = externalPull === "up" ? 1 : 0;
    this.floatingValue = externalPull === "none";
  }

  level(): Level {
    return this.levelValue;
  }

  floating(): boolean {
    return this.floatingValue;
  }

  attach(pin: PinAttachment): void {
    this.attachments.push(pin);
    this.update();
  }

  onChange(listener: NetListener): void {
    this.listeners.push(listener);
  }

  /** Recompute after an attached pin changed; listeners hear only real level changes. */
  update(): void {
    let driven: Level | null = null;
    let internal: Pull = "none";
    for (const a of this.attachments) {
      if (a.drive !== null) driven = driven === 0 ? 0 : a.drive;
      else if (a.pull !== "none") internal = a.pull;
    }
    let next: Level = this.levelValue;
    let floating = false;
    if (driven !== null) next = driven;
    else if (this.externalPull !== "none") next = this.externalPull === "up" ? 1 : 0;
    else if (internal !== "none") next = internal === "up" ? 1 : 0;
    else floating = true;
    const changed = next !== this.levelValue || floating !== this.floatingValue;
    this.levelValue = next;
    this.floatingValue = floating;
    if (changed) for (const l of this.listeners) l(next, floating);
  }
}
