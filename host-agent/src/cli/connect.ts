// Opens the board for one command and closes it afterwards, whatever happens.
import { BoardClient, type ClientOptions } from "../protocol/client.ts";
import { BoardPort } from "../serial/port.ts";
import { durationArg } from "./args.ts";

export const DEFAULT_REPLY_TIMEOUT_MS = 2000;
export const DEFAULT_LOCK_WAIT_MS = 2000;

export interface ConnectFlags {
  "reply-timeout"?: string;
  "lock-wait"?: string;
}

export async function connect(path: string, flags: ConnectFlags, extra: Omit<ClientOptions, "replyTimeoutMs"> = {}): Promise<BoardClient> {
  const replyTimeoutMs = durationArg("--reply-timeout", flags["reply-timeout"], DEFAULT_REPLY_TIMEOUT_MS);
  const lockWaitMs = durationArg("--lock-wait", flags["lock-wait"], DEFAULT_LOCK_WAIT_MS);
  const port = await BoardPort.open(path, { lockWaitMs });
  return new BoardClient(port, { ...extra, replyTimeoutMs });
}

export async function withBoard<T>(path: string, flags: ConnectFlags, body: (client: BoardClient) => Promise<T>): Promise<T> {
  const client = await connect(path, flags);
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}
