// A relay module as a person buys it: an input stage (active-LOW on the common 5 V modules: the
// opto's LED runs from VCC into the pin, so a floating input is off) and a contact that needs
// `operateMs` of steady drive to close and `releaseMs` without drive to open. A boot glitch shorter
// than the operate time never closes the contact; a longer one does, exactly as on the bench.
import type { ClockEvent, VirtualClock } from "../clock.ts";
import type { Net } from "./net.ts";

export interface RelayOptions {
  clock: VirtualClock;
  input: Net;
  activeLow: boolean;
  /** Module supply: the relay cannot close while its board is unpowered. */
  powered: () => boolean;
  /** Subscribes to supply changes, so the coil follows the power as well as the input. */
  onPowerChange?: (listener: () => void) => void;
  operateMs?: number;
  releaseMs?: number;
}

export interface ContactEdge {
  tMs: number;
  closed: boolean;
}

export class RelayModule {
  readonly operateUs: number;
  readonly releaseUs: number;
  private closedValue = false;
  private pending: ClockEvent | null = null;
  private listeners: ((closed: boolean) => void)[] = [];
  /** Every contact change, for charts and click counting. */
  readonly edges: ContactEdge[] = [];
  /**
   * Every change of the coil drive (input at its active level and module powered), however short:
   * a pin glitch too brief to close this contact would still press a faster part (an optocoupler
   * wired straight to the reset header, a solid-state relay), so the suite can refuse it on the
   * simulation, where it is visible.
   */
  readonly inputEdges: { tMs: number; active: boolean }[] = [];
  private drivenValue = false;

  constructor(private readonly opts: RelayOptions) {
    this.operateUs = Math.round((opts.operateMs ?? 5) * 1000);
    this.releaseUs = Math.round((opts.releaseMs ?? 3) * 1000);
    opts.input.onChange(() => this.reconsider());
    opts.onPowerChange?.(() => this.reconsider());
    this.reconsider();
  }

  /** true while the coil is energised (input at its active level, module powered). */
  energised(): boolean {
    const net = this.opts.input;
    if (!this.opts.powered() || net.floating()) return false;
    return this.opts.activeLow ? net.level() === 0 : net.level() === 1;
  }

  closed(): boolean {
    return this.closedValue;
  }

  /** Number of times the contact closed: a click. */
  clicks(): number {
    return this.edges.filter((e) => e.closed).length;
  }

  onContact(listener: (closed: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Call when the module's supply changes. */
  reconsider(): void {
    const want = this.energised();
    if (want !== this.drivenValue) {
      this.drivenValue = want;
      this.inputEdges.push({ tMs: this.opts.clock.nowMs(), active: want });
    }
    this.pending?.cancel();
    this.pending = null;
    if (want === this.closedValue) return;
    const delayUs = want ? this.operateUs : this.releaseUs;
    this.pending = this.opts.clock.after(delayUs, () => {
      this.pending = null;
      this.closedValue = want;
      this.edges.push({ tMs: this.opts.clock.nowMs(), closed: want });
      for (const l of this.listeners) l(want);
    });
  }
}
