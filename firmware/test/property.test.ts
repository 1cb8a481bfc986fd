// Property tests over arbitrary input bytes: nothing but a well-formed BEAT, ARM, HOLD, DISARM or
// TEST relay line may move the deadline, and only TEST relay may press the relay early. The oracle
// below reads lines with regular expressions, independently of the core's string-method parser.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { Bench } from "./harness.ts";
import { MAX_LINE } from "../core/types.ts";

const DEADLINE_MS = 600000;

const fragments = [
  "BEAT", "beat", "BEAT seq=1", "BEAT seq=", "BEAT boot=x", "BEAT x", "ARM", "DISARM", "HOLD 5000", "HOLD 0",
  "HOLD", "TEST led", "TEST relay", "TEST relay confirm=yes", "STATUS", "HELLO", "GET", "GET timeoutMs",
  "SET timeoutMs=1000", "SET warnMs=0", "SET pulseMs=50", "SET locked=1", "LOG", "LOG 3", "CONSOLE 1",
  " ", "  ", "=", "seq=9", "\n", "\r", "\r\n", "\u0000", "\u0007", "\u007f", "\u00ff", "\t", "B", "E", "A", "T",
  "x".repeat(MAX_LINE - 4), "y".repeat(MAX_LINE + 3),
];
const MOVERS = new Set(["BEAT", "ARM", "DISARM", "HOLD"]);
const byteString = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }).map((codes) => String.fromCharCode(...codes));
const terminator = fc.constantFrom("\n", "\r", "\r\n");
/** Mostly protocol-shaped pieces and line ends, some raw bytes: random bytes alone almost never form a line. */
function inputFrom(pieces: string[]): fc.Arbitrary<string> {
  const piece = fc.oneof(
    { arbitrary: fc.constantFrom(...pieces), weight: 5 },
    { arbitrary: terminator, weight: 3 },
    { arbitrary: byteString, weight: 1 },
  );
  return fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(""));
}
/** Anything at all. */
const input = inputFrom(fragments);
/** Never holds an accounted verb on purpose (random bytes still might: the oracle filters those). */
const inertInput = inputFrom(fragments.filter((f) => !/BEAT|ARM|HOLD|TEST|^[BEAT]$/i.test(f)));

/** Verbs of the input's lines that may move the deadline (TEST only as `TEST relay confirm=yes`). */
function accountedVerbs(text: string): string[] {
  const verbs: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.length > MAX_LINE || !/^[\x20-\x7e]*$/.test(line)) continue;
    const verb = line.trim().split(/ +/)[0].toUpperCase();
    if (/^ *test +relay +confirm=yes *$/i.test(line)) verbs.push("TEST");
    else if (MOVERS.has(verb)) verbs.push(verb);
  }
  return verbs;
}

/** `text` cut at the given fractions of its length. */
function chunks(text: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((x, y) => x - y);
  const out: string[] = [];
  let from = 0;
  for (const p of [...points, text.length]) {
    out.push(text.slice(from, p));
    from = p;
  }
  return out;
}

/** Feeds the chunks at increasing times, all well before the deadline. */
function feed(b: Bench, text: string, cuts: number[]): void {
  chunks(text, cuts).forEach((chunk, i) => b.say(chunk, 1000 + i * 1000));
}

function armedBench(): Bench {
  const b = new Bench().start();
  b.ask("BEAT", 0);
  return b;
}

const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 });

describe("property: arbitrary bytes", () => {
  it("without an accounted verb, the press comes exactly at the original deadline", () => {
    fc.assert(
      fc.property(inertInput, cutsArb, (text, cuts) => {
        fc.pre(accountedVerbs(text).length === 0);
        const b = armedBench();
        feed(b, text, cuts);
        b.run(DEADLINE_MS - 1);
        assert.deepEqual(b.out.presses(), []);
        assert.ok(b.dog.state() === "warning" || b.dog.state() === "armed", b.dog.state());
        b.run(DEADLINE_MS);
        assert.deepEqual(b.out.presses(), [DEADLINE_MS]);
      }),
      { numRuns: 400 },
    );
  });

  it("the relay is pressed before the deadline only by TEST relay; the deadline moves only by an accounted verb", () => {
    fc.assert(
      fc.property(input, cutsArb, (text, cuts) => {
        const verbs = accountedVerbs(text);
        const b = armedBench();
        feed(b, text, cuts);
        b.run(DEADLINE_MS - 1);
        if (b.out.presses().length > 0) assert.ok(verbs.includes("TEST"), "pressed without TEST relay");
        b.run(DEADLINE_MS);
        if (verbs.length === 0) assert.deepEqual(b.out.presses(), [DEADLINE_MS]);
      }),
      { numRuns: 400 },
    );
  });

  it("is answered the same whichever way the bytes are split", () => {
    fc.assert(
      fc.property(input, cutsArb, (text, cuts) => {
        const whole = new Bench().start();
        whole.say(text, 1000);
        const split = new Bench().start();
        for (const chunk of chunks(text, cuts)) split.say(chunk, 1000);
        assert.deepEqual(split.out.lines, whole.out.lines);
        assert.deepEqual(split.out.relayEdges, whole.out.relayEdges);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws and every reply line is printable ASCII starting with OK, ERR or !", () => {
    fc.assert(
      fc.property(input, (text) => {
        const b = armedBench();
        b.say(text, 1000);
        b.run(5 * 3600000);
        for (const line of b.out.lines) assert.match(line, /^(OK |ERR |!)[\x20-\x7e]*$/);
      }),
      { numRuns: 300 },
    );
  });
});
