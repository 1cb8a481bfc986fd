// Parses the board's lines (docs/protocol.md): `OK <VERB> k=v ...`, `ERR <code> <detail>`, and
// unsolicited `!<WHAT> k=v ...`. Anything else is not the banken protocol.

export interface OkReply {
  kind: "ok";
  /** Upper case, e.g. "STATUS". */
  verb: string;
  /** key=value tokens after the verb. */
  fields: Record<string, string>;
  /** Tokens after the verb that are not key=value (e.g. "banken" in HELLO, "led" in TEST). */
  words: string[];
  raw: string;
}

export interface ErrReply {
  kind: "err";
  code: string;
  detail: string;
  raw: string;
}

export interface Notice {
  kind: "notice";
  /** Upper case without the "!", e.g. "WARN". */
  what: string;
  fields: Record<string, string>;
  words: string[];
  raw: string;
}

export interface Foreign {
  kind: "foreign";
  raw: string;
}

export type BoardLine = OkReply | ErrReply | Notice | Foreign;

export function parseBoardLine(raw: string): BoardLine {
  const tokens = raw.split(" ").filter((t) => t !== "");
  const head = tokens[0] ?? "";
  if (head.startsWith("!") && head.length > 1) {
    return { kind: "notice", what: head.slice(1).toUpperCase(), ...splitFields(tokens.slice(1)), raw };
  }
  if (head === "OK" && tokens.length >= 2) {
    return { kind: "ok", verb: tokens[1].toUpperCase(), ...splitFields(tokens.slice(2)), raw };
  }
  if (head === "ERR" && tokens.length >= 2) {
    return { kind: "err", code: tokens[1], detail: tokens.slice(2).join(" "), raw };
  }
  return { kind: "foreign", raw };
}

function splitFields(tokens: string[]): { fields: Record<string, string>; words: string[] } {
  const fields: Record<string, string> = {};
  const words: string[] = [];
  for (const token of tokens) {
    const eq = token.indexOf("=");
    if (eq > 0) fields[token.slice(0, eq)] = token.slice(eq + 1);
    else words.push(token);
  }
  return { fields, words };
}

/** An integer field; NaN when absent or not an integer (callers treat that as a protocol error). */
export function intField(reply: { fields: Record<string, string> }, key: string): number {
  const text = reply.fields[key];
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : NaN;
}
