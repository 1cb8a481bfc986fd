// Newline-framed JSON messages on a Unix socket, for both ends of the control socket.
import type { Socket } from "node:net";
import { parseMessage } from "./protocol.ts";

/** More than any message either end sends; a peer that sends more without a newline is cut off. */
const MAX_MESSAGE_CHARS = 64 * 1024;

/**
 * Calls `onMessage` with each line parsed as a JSON object (null when it is not one). Too long a
 * line destroys the socket.
 */
export function readMessages(socket: Socket, onMessage: (message: Record<string, unknown> | null) => void): void {
  let pending = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      onMessage(parseMessage(line));
      if (socket.destroyed) return;
      newline = pending.indexOf("\n");
    }
    if (pending.length > MAX_MESSAGE_CHARS) socket.destroy();
  });
}
