// What doctor learned from the board, asked directly (checks.ts) or through the running agent
// (through-service.ts): the same findings either way.
import type { OkReply } from "../protocol/reply.ts";
import { fail, ok, type Finding } from "./findings.ts";

export interface BoardFacts {
  findings: Finding[];
  timeoutMs: number | null;
}

/** The board's firmware against this checkout's version (HELLO and STATUS both carry fw= and board=). */
export function firmwareFinding(reply: OkReply, port: string, version: string): Finding {
  const fw = reply.fields.fw ?? "?";
  if (fw === version) return ok("firmware version", `${fw}, same as this checkout`);
  return fail("firmware version", `the board runs ${fw}, this checkout is ${version}`, `banken flash --board ${reply.fields.board} --port ${port}`);
}
