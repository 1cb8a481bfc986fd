import { strict as assert } from "node:assert";
import { LineReader } from "../core/lines.ts";
import { MAX_LINE } from "../core/types.ts";

/** Everything the reader reports, in order: lines as-is, errors as "ERR <code>". */
function read(chunks: string[]): string[] {
  const got: string[] = [];
  const reader = new LineReader(
    (line) => got.push(line),
    (code) => got.push("ERR " + code),
  );
  for (const c of chunks) reader.feed(c);
  return got;
}

describe("LineReader", () => {
  const stream = "BEAT seq=1\r\nSTATUS\n\nHELLO\rGET timeoutMs\r\r\nx\u0000y\nLOG 0\n";
  const expected = ["BEAT seq=1", "STATUS", "", "HELLO", "GET timeoutMs", "", "ERR char", "LOG 0"];

  it("splits on \\n, \\r and \\r\\n; a bad byte poisons only its line", () => {
    assert.deepEqual(read([stream]), expected);
  });

  it("gives the same result whichever single position the stream is split at", () => {
    for (let i = 0; i <= stream.length; i++) {
      assert.deepEqual(read([stream.slice(0, i), stream.slice(i)]), expected, `split at ${i}`);
    }
  });

  it("gives the same result fed one byte at a time", () => {
    assert.deepEqual(read(stream.split("")), expected);
  });

  it("accepts exactly MAX_LINE bytes, with or without \\r", () => {
    const line = "B".repeat(MAX_LINE);
    assert.deepEqual(read([line + "\n", line + "\r\n"]), [line, line]);
  });

  it("answers an over-long line once, as soon as it overflows, and skips to its end", () => {
    const long = "A".repeat(MAX_LINE + 1);
    assert.deepEqual(read([long]), ["ERR long"]);
    assert.deepEqual(read([long + "B".repeat(1000) + "\u0000\nSTATUS\n"]), ["ERR long", "STATUS"]);
    assert.deepEqual(read(["A".repeat(5000) + "\nBEAT\n"]), ["ERR long", "BEAT"]);
  });

  it("reports every non-printable or non-ASCII byte as ERR char", () => {
    for (let c = 0; c < 256; c++) {
      if (c === 10 || c === 13) continue;
      const printable = c >= 32 && c <= 126;
      const got = read(["BEAT" + String.fromCharCode(c) + "\n"]);
      assert.deepEqual(got, [printable ? "BEAT" + String.fromCharCode(c) : "ERR char"], `byte ${c}`);
    }
  });
});
