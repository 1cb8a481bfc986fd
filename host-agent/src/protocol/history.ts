// The board's event history: paged out with `LOG i` (i=0 is the newest) and told in human words,
// e.g. "reset the host 2 days ago after 10 min without heartbeat; host back 94 s later".
import { AgentError } from "../errors.ts";
import { humanAgo, humanDuration } from "../units.ts";
import type { BoardClient } from "./client.ts";
import { intField, type OkReply } from "./reply.ts";

export interface BoardEvent {
  /** Event kind, as firmware/core/types.ts EventKind. */
  kind: string;
  /** Board boot number it happened in. */
  boot: number;
  /** Board uptime (ms) when it happened. */
  uptimeMs: number;
  /** Attempt number for actions; ms since the first action for "back" (-1: unknown). */
  n?: number;
  /** Why: "timeout", "boot-timeout", "command", "input", ... */
  reason?: string;
}

/** All events, oldest first. */
export async function fetchHistory(client: Pick<BoardClient, "request">): Promise<BoardEvent[]> {
  const first = await client.request("LOG 0");
  const count = intField(first, "of");
  if (!(count >= 0)) throw new AgentError("protocol", `unexpected LOG reply: ${first.raw}`);
  if (count === 0) return [];
  const newestFirst = [toEvent(first)];
  for (let i = 1; i < count; i++) newestFirst.push(toEvent(await client.request(`LOG ${i}`)));
  return newestFirst.reverse();
}

function toEvent(reply: OkReply): BoardEvent {
  const event: BoardEvent = { kind: reply.fields.k ?? "?", boot: intField(reply, "b"), uptimeMs: intField(reply, "t") };
  if (reply.fields.n !== undefined) event.n = intField(reply, "n");
  if (reply.fields.r !== undefined) event.reason = reply.fields.r;
  return event;
}

export interface BoardClock {
  /** The board's boot number now (the newest "boot" event's). */
  boot: number;
  /** The board's uptime now (STATUS uptime=). */
  uptimeMs: number;
  timeoutMs: number;
  bootTimeoutMs: number;
}

/** One sentence per event, oldest first; a "back" is folded into the action it answers. */
export function describeHistory(events: BoardEvent[], clock: BoardClock): string[] {
  const lines: string[] = [];
  for (const event of events) {
    const previous = lines.length - 1;
    if (event.kind === "back" && previous >= 0 && /^(reset|power-cycled|gave up)/.test(lines[previous])) {
      lines[previous] += `; ${backWords(event)}`;
      continue;
    }
    lines.push(`${what(event, clock)} ${when(event, clock)}${why(event, clock)}`);
  }
  return lines;
}

function what(event: BoardEvent, clock: BoardClock): string {
  const attempt = event.n !== undefined && event.n > 1 ? ` (attempt ${event.n})` : "";
  switch (event.kind) {
    case "reset":
      return `reset the host${attempt}`;
    case "power":
      return `power-cycled the host${attempt}`;
    case "gave-up":
      return `gave up after ${event.n ?? "?"} attempts`;
    case "back":
      return backWords(event).replace(/^host back/, "host came back");
    case "boot":
      return event.boot === clock.boot ? "board started" : `board started (start #${event.boot})`;
    case "force":
      return "force-reset input fired";
    case "test":
      return "test pulse of the reset relay";
    case "config":
      return "configuration changed";
    case "corrupt":
      return `found ${event.n ?? "a"} corrupt flash record(s) and fell back`;
    default:
      return `event ${event.kind}`;
  }
}

function when(event: BoardEvent, clock: BoardClock): string {
  if (event.boot === clock.boot && event.uptimeMs <= clock.uptimeMs) return humanAgo(clock.uptimeMs - event.uptimeMs);
  return `before the board's last restart (at ${humanDuration(event.uptimeMs)} of its uptime)`;
}

function why(event: BoardEvent, clock: BoardClock): string {
  if (event.kind !== "reset" && event.kind !== "power" && event.kind !== "gave-up") return "";
  if (event.reason === "timeout") return ` after ${humanDuration(clock.timeoutMs)} without heartbeat`;
  if (event.reason === "boot-timeout") {
    return ` after the host did not come back within ${humanDuration(clock.bootTimeoutMs > 0 ? clock.bootTimeoutMs : clock.timeoutMs)}`;
  }
  return event.reason === undefined ? "" : ` (${event.reason})`;
}

function backWords(event: BoardEvent): string {
  return event.n === undefined || event.n < 0 ? "host back" : `host back ${humanDuration(event.n)} later`;
}
