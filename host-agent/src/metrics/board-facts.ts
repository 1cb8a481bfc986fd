// What the board's replies say for the metrics: state and time left (BEAT and STATUS replies),
// timeout and identity (STATUS), action counts (the history, LOG pages). Fields the board did not
// send, or sent in a form we do not know, are left out rather than guessed.
import type { WatchdogState } from "../../../firmware/core/types.ts";
import type { BoardClient } from "../protocol/client.ts";
import { fetchHistory, type BoardEvent } from "../protocol/history.ts";
import type { OkReply } from "../protocol/reply.ts";
import { ACTION_KINDS, STATES, type ActionKind, type MetricsSnapshot } from "./snapshot.ts";

export type BoardFacts = Pick<MetricsSnapshot, "state" | "timeLeftMs" | "timeoutMs" | "board" | "fw" | "actions">;

function wholeMs(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

/** From `OK BEAT left=.. state=..`, `OK STATUS ...` or `OK ARM ...`; left=-1 (no deadline) is left out. */
export function factsFromReply(reply: OkReply): BoardFacts {
  const facts: BoardFacts = {};
  const state = reply.fields.state;
  if (state !== undefined && (STATES as readonly string[]).includes(state)) facts.state = state as WatchdogState;
  const leftMs = wholeMs(reply.fields.left);
  if (leftMs !== undefined) facts.timeLeftMs = leftMs;
  const timeoutMs = wholeMs(reply.fields.timeout);
  if (timeoutMs !== undefined) facts.timeoutMs = timeoutMs;
  if (reply.fields.board !== undefined) facts.board = reply.fields.board;
  if (reply.fields.fw !== undefined) facts.fw = reply.fields.fw;
  return facts;
}

/** Actions in the board's history by kind (the board keeps its last 16 events). */
export function countActions(events: BoardEvent[]): Record<ActionKind, number> {
  const counts = { reset: 0, power: 0, "gave-up": 0 };
  for (const event of events) {
    if ((ACTION_KINDS as readonly string[]).includes(event.kind)) counts[event.kind as ActionKind] += 1;
  }
  return counts;
}

/** STATUS and the history: one STATUS request plus one LOG request per stored event. */
export async function readBoardFacts(client: Pick<BoardClient, "request">): Promise<BoardFacts> {
  const facts = factsFromReply(await client.request("STATUS"));
  facts.actions = countActions(await fetchHistory(client));
  return facts;
}
