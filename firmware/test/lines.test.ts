// The line reader inside Watchdog.input(): bytes split anywhere → request lines. Seen from outside,
// through the replies: an unknown verb is echoed by "ERR verb <token>", so each line's text can be
// read back; a blank line has no reply.
import { strict as assert } from "node:assert";
import { Bench } from "./harness.ts";
import { MAX_LINE } from "../core/types.ts";

/** Every reply, in order: "ERR verb X" as X, other errors as "ERR <code>", anything else as is. */
function read(chunks: string[]): string[] {
  const b = new Bench().start();
  const got: string[] = [];
  for (const c of chunks) {
    for (const line of b.say(c)) {
      if (line.startsWith("ERR verb ")) got.push(line.slice("ERR verb ".length));
      else if (line.startsWith("ERR ")) got.push(line.split(" ").slice(0, 2).join(" "));
      else got.push(line);
    }
  }
  return got;
}

describe("line reader", () => {
  const stream = "one\r\ntwo\n\nthree\rfour\r\r\nx\u0000y\nfive\n";
  const expected = ["one", "two", "three", "four", "ERR char", "five"];

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

  it("\\r\\n ends one line, \\r\\r\\n ends two (the second blank)", () => {
    assert.deepEqual(read(["a\r\nb\r\r\nc\n"]), ["a", "b", "c"]);
    assert.deepEqual(read(["a\r", "\nb\n"]), ["a", "b"]);
  });

  it("accepts exactly MAX_LINE bytes, with or without \\r", () => {
    const line = "B".repeat(MAX_LINE);
    assert.deepEqual(read([line + "\n", line + "\r\n"]), [line, line]);
  });

  it("answers an over-long line once, as soon as it overflows, and skips to its end", () => {
    const long = "A".repeat(MAX_LINE + 1);
    assert.deepEqual(read([long]), ["ERR long"]);
    assert.deepEqual(read([long + "B".repeat(1000) + "\u0000\nQ\n"]), ["ERR long", "Q"]);
    assert.deepEqual(read(["A".repeat(5000) + "\nQ\n"]), ["ERR long", "Q"]);
  });

  it("reports every non-printable or non-ASCII byte as ERR char", () => {
    for (let c = 0; c < 256; c++) {
      if (c === 10 || c === 13) continue;
      const printable = c >= 32 && c <= 126;
      const got = read(["Q" + String.fromCharCode(c) + "\n"]);
      assert.deepEqual(got, [printable ? ("Q" + String.fromCharCode(c)).trim() : "ERR char"], `byte ${c}`);
    }
  });
});
