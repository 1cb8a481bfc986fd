// Item 5: timing accuracy on the simulation with realistic timer jitter (lib/jitter.ts), and the
// same run without jitter as the control. Each cycle: BEAT, then let the deadline pass; measured at
// the relay's contact, corrected by the module's operate/release delays, so the figures are the
// firmware's own error: (relay close − deadline) and (pulse width − pulseMs). The deadline counts
// from the moment the BEAT's newline reached the board (the line's transmission time at its baud).
import { createSimRig } from "../../rig/sim/sim-rig.ts";
import { lineMs } from "../../rig/line-time.ts";
import { addTimerJitter } from "../lib/jitter.ts";
import { row, type Row } from "../lib/result.ts";
import { builtText } from "../lib/snapshot.ts";
import { summary } from "../lib/stats.ts";

const TIMEOUT_MS = 1000;
const PULSE_MS = 200;

async function ok(rig: Awaited<ReturnType<typeof createSimRig>>, line: string): Promise<void> {
  const reply = await rig.request(line);
  if (!reply.startsWith("OK")) throw new Error(`"${line}" was answered "${reply}"`);
}

async function cycles(count: number, jitter: boolean): Promise<{ closeMs: number[]; widthMs: number[] }> {
  const rig = await createSimRig({ board: "esp32", bundle: builtText("firmware/esp32.js"), observerBundle: builtText("observer/esp32.js"), seed: 5 });
  await rig.powerDut(true);
  await rig.wait(3000);
  const interp = rig.dut.interpreter();
  if (interp === null) throw new Error("the simulated DUT is not running 3 s after power-on");
  if (jitter) addTimerJitter(interp, 55);
  await ok(rig, `SET timeoutMs=${TIMEOUT_MS} pulseMs=${PULSE_MS} warnMs=0 resetsBeforePower=20 maxAttempts=100`);
  const deadlines: number[] = [];
  const beatLine = "BEAT";
  for (let i = 0; i < count; i++) {
    await rig.wait(1 + (i % 7)); // vary the phase against the interpreter's other timers
    const sentMs = rig.now();
    await ok(rig, beatLine);
    deadlines.push(sentMs + lineMs(beatLine, rig.board.baud) + TIMEOUT_MS);
    await rig.wait(TIMEOUT_MS + PULSE_MS + 300);
  }
  const edges = rig.contactEdges("relay");
  const { operateMs, releaseMs } = rig.relayDelays;
  await rig.close();
  const closeMs: number[] = [];
  const widthMs: number[] = [];
  let d = 0;
  for (let i = 0; i < edges.length; i++) {
    if (!edges[i].closed) continue;
    const close = edges[i].tMs - operateMs;
    // A close up to 1 ms early still belongs to this deadline (float sums of µs times).
    while (d + 1 < deadlines.length && deadlines[d + 1] <= close + 1) d++;
    closeMs.push(close - deadlines[d]);
    const open = edges[i + 1];
    if (open !== undefined && !open.closed) widthMs.push(open.tMs - releaseMs - close - PULSE_MS);
  }
  if (closeMs.length !== count) throw new Error(`expected ${count} reset pulses, saw ${closeMs.length}`);
  return { closeMs, widthMs };
}

export async function measureTiming(count: number): Promise<Row[]> {
  const rows: Row[] = [];
  for (const jitter of [false, true]) {
    const { closeMs, widthMs } = await cycles(count, jitter);
    const c = summary(closeMs, 3);
    const w = summary(widthMs, 3);
    const label = jitter ? "with jitter" : "no jitter";
    rows.push(row("5", `relay close − deadline p50 (${label})`, c.p50, "ms", `${count} pulses; min ${c.min} p90 ${c.p90} p99 ${c.p99} max ${c.max}`));
    rows.push(row("5", `pulse width − pulseMs p50 (${label})`, w.p50, "ms", `min ${w.min} p90 ${w.p90} p99 ${w.p99} max ${w.max}`));
  }
  return rows;
}
