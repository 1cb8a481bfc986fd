// The observer board's report lines (protocol in the header of firmware/observer/main.ts):
//   READY <id>                     the observer started (unsolicited)
//   E <relay|power|led> <0|1> <us> an edge; the level is the raw pin level, not "pressed"
//   PONG | T <us> | P <0|1> <us> | L <relay> <power> <led> <us> | ERR <line>   replies
// Pure parsing, no port.

/** The observer's names for the lines it watches ("power" is the DUT's power-button relay). */
export type ObserverLineName = "relay" | "power" | "led";

export interface ObserverEdge {
  kind: "edge";
  line: ObserverLineName;
  /** Raw pin level after the edge, as the observer read it. */
  raw: 0 | 1;
  /** The observer's own microsecond clock. */
  us: number;
}

export interface ObserverReady {
  kind: "ready";
  id: string;
}

export interface ObserverReply {
  kind: "reply";
  line: string;
}

export type ObserverMessage = ObserverEdge | ObserverReady | ObserverReply;

const LINE_NAMES: readonly ObserverLineName[] = ["relay", "power", "led"];

export function parseObserverLine(raw: string): ObserverMessage | undefined {
  const line = raw.trim();
  if (line === "") return undefined;
  const parts = line.split(" ").filter((p) => p !== "");
  if (parts[0] === "READY") return { kind: "ready", id: parts.slice(1).join(" ") };
  if (parts[0] === "E" && parts.length === 4) {
    const name = LINE_NAMES.find((s) => s === parts[1]);
    const us = parseMicros(parts[3]);
    if (name !== undefined && (parts[2] === "0" || parts[2] === "1") && us !== undefined) {
      return { kind: "edge", line: name, raw: parts[2] === "1" ? 1 : 0, us };
    }
  }
  return { kind: "reply", line };
}

/** The microsecond stamp of a reply: the last token of `T <us>`, `P <l> <us>`, `L <r> <p> <l> <us>`. */
export function replyMicros(line: string): number | undefined {
  const parts = line.trim().split(" ");
  return parseMicros(parts[parts.length - 1] ?? "");
}

/** The three raw levels of a READ reply (`L <relay> <power> <led> <us>`). */
export function readLevels(line: string): Record<ObserverLineName, 0 | 1> | undefined {
  const parts = line.trim().split(" ");
  if (parts.length !== 5 || parts[0] !== "L") return undefined;
  const bits = parts.slice(1, 4);
  if (!bits.every((b) => b === "0" || b === "1")) return undefined;
  return { relay: bits[0] === "1" ? 1 : 0, power: bits[1] === "1" ? 1 : 0, led: bits[2] === "1" ? 1 : 0 };
}

function parseMicros(token: string): number | undefined {
  if (token === "" || token.length > 16) return undefined;
  for (const ch of token) if (ch < "0" || ch > "9") return undefined;
  return Number(token);
}
