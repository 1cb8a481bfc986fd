// The LED driver: one interval at LED_STEP_MS, running only while the pattern blinks.
import type { OutputPin } from "../../boards/types.ts";
import type { LedPattern } from "../core/types.ts";
import { LED_PATTERNS, LED_STEP_MS } from "./led-patterns.ts";
import { drive } from "./outputs.ts";

export interface Led {
  show(pattern: LedPattern): void;
}

export function createLed(pin: OutputPin): Led {
  let steps = "0";
  let index = 0;
  let intervalId = -1;
  function step(): void {
    index = (index + 1) % steps.length;
    drive(pin, steps.charAt(index) === "1");
  }
  return {
    show(pattern: LedPattern): void {
      if (intervalId !== -1) clearInterval(intervalId);
      intervalId = -1;
      steps = LED_PATTERNS[pattern];
      index = 0;
      drive(pin, steps.charAt(0) === "1");
      if (steps.length > 1) intervalId = setInterval(step, LED_STEP_MS);
    },
  };
}
