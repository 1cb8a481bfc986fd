// doctor beside the running agent: banken.service holds the port, so doctor asks the board through
// the agent's control socket (STATUS names the board and its firmware), or says how to make that
// possible (a unit installed before the socket existed has no RuntimeDirectory=).
import { readFileSync } from "node:fs";
import { ControlClient } from "../control/client.ts";
import { AgentError } from "../errors.ts";
import { firmwareFinding, type BoardFacts } from "./board-facts.ts";
import { fail, ok, warn } from "./findings.ts";

export interface ServiceControl {
  /** The agent's control socket (the config's control-socket, else the default). */
  socket: string;
  /** The installed banken.service. */
  unitPath: string;
}

const WHAT = "a banken board answers";
const STOP_TO_CHECK = "sudo systemctl stop banken; banken doctor; sudo systemctl start banken";

export async function boardThroughService(port: string, version: string, control: ServiceControl): Promise<BoardFacts> {
  const session = await ControlClient.open(control.socket, port, 3000);
  if (!(session instanceof ControlClient)) {
    const fix = unitHasSocket(control.unitPath)
      ? `to check the board and its firmware version too: run doctor as the agent's user (sudo banken doctor), or: ${STOP_TO_CHECK}`
      : `re-install the unit for its control socket (sudo banken install systemd --write; sudo systemctl daemon-reload; sudo systemctl restart banken); to check the board now: ${STOP_TO_CHECK}`;
    return { findings: [warn(WHAT, `${port} is held by the running agent (banken.service), and its control socket ${control.socket}: ${session.why}`, fix)], timeoutMs: null };
  }
  try {
    const status = await session.request("STATUS");
    const findings = [ok(WHAT, `board ${status.fields.board} at ${port}, state ${status.fields.state} (asked through the running agent)`), firmwareFinding(status, port, version)];
    return { findings, timeoutMs: Number(status.fields.timeout) };
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    return { findings: [fail(WHAT, error.message, `the agent has the port but the board does not answer it: journalctl -u banken; ${STOP_TO_CHECK}`)], timeoutMs: null };
  } finally {
    session.close();
  }
}

function unitHasSocket(unitPath: string): boolean {
  try {
    return readFileSync(unitPath, "utf8").includes("RuntimeDirectory=banken");
  } catch {
    return false;
  }
}
