// Replays boards/chips.ts at every chip start: from the moment power arrives (or EN is released)
// until the first JS statement, each pin floats, pulls, is driven, or toggles as the table says.
// "toggling" is modelled as a square wave starting HIGH with LOW phases long enough to operate a
// relay (TOGGLE_LOW_MS), because boot PWM and the ESP8266 power-on dips do click relays on the
// bench; then the pin is released before JS starts.
import type { ChipBoot, PinBoot } from "../../boards/chips.ts";
import type { ClockEvent, VirtualClock } from "../clock.ts";
import type { BoardPin } from "./pin.ts";

export const TOGGLE_HIGH_MS = 10;
export const TOGGLE_LOW_MS = 10;
/** Toggling stops after this long (or at JS start, whichever is first). */
export const TOGGLE_SPAN_MS = 120;

export function pinNamesOf(chip: ChipBoot): string[] {
  return Object.keys(chip.pins);
}

/** Put every pin in its boot state and start the toggling ones. Returns a stop function. */
export function startBootPhase(clock: VirtualClock, chip: ChipBoot, pin: (name: string) => BoardPin): () => void {
  const events: ClockEvent[] = [];
  for (const [name, info] of Object.entries(chip.pins)) {
    const p = pin(name);
    applyBootLevel(p, info);
    if (info.boot === "toggling" || info.boot === "flash") {
      const periodUs = (TOGGLE_HIGH_MS + TOGGLE_LOW_MS) * 1000;
      for (let t = 0; t < TOGGLE_SPAN_MS * 1000; t += periodUs) {
        events.push(clock.after(t + TOGGLE_HIGH_MS * 1000, () => p.set(0, "none")));
        events.push(clock.after(t + periodUs, () => p.set(1, "none")));
      }
      events.push(clock.after(TOGGLE_SPAN_MS * 1000, () => p.release()));
    }
  }
  return () => {
    for (const e of events) e.cancel();
  };
}

function applyBootLevel(p: BoardPin, info: PinBoot): void {
  switch (info.boot) {
    case "pull-up":
      p.set(null, "up");
      break;
    case "pull-down":
      p.set(null, "down");
      break;
    case "high":
    case "toggling":
    case "flash":
      p.set(1, "none");
      break;
    case "low":
      p.set(0, "none");
      break;
    default:
      p.release();
  }
}

/** The moment JS starts: boot-time drivers let go, weak reset pulls stay, Espruino adds its own. */
export function enterJs(chip: ChipBoot, pin: (name: string) => BoardPin): void {
  for (const [name, info] of Object.entries(chip.pins)) {
    const p = pin(name);
    if (info.boot === "high" || info.boot === "low" || info.boot === "toggling" || info.boot === "flash") p.release();
    if (info.espruinoPull) p.set(null, info.espruinoPull);
  }
}

/** reset()/load(): Espruino puts its start-up pins back to their pull (they stop driving). */
export function softResetPins(chip: ChipBoot, pin: (name: string) => BoardPin): void {
  for (const [name, info] of Object.entries(chip.pins)) {
    if (info.espruinoPull) pin(name).set(null, info.espruinoPull);
  }
}

/** Strapping pins sampled when the chip leaves reset: a wrong level means no boot from flash. */
export function strapProblem(chip: ChipBoot, pin: (name: string) => BoardPin): string | null {
  for (const [name, info] of Object.entries(chip.pins)) {
    if (!info.strap) continue;
    const level = pin(name).level();
    if ((info.strap === "high") !== (level === 1)) return `${name} was ${level ? "HIGH" : "LOW"} at reset (needs ${info.strap})`;
  }
  return null;
}
