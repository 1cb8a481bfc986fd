import assert from "node:assert/strict";
import { describeHistory } from "../src/protocol/history.ts";
import { parseBoardLine } from "../src/protocol/reply.ts";
import { LineSplitter, printable } from "../src/serial/lines.ts";
import { isNoModemLines } from "../src/serial/modem-lines.ts";

describe("agent protocol pieces", () => {
  it("splits lines at any byte boundary, drops \\r, caps runaway lines", () => {
    const splitter = new LineSplitter();
    assert.deepEqual(splitter.push(Buffer.from("OK BE")), []);
    assert.deepEqual(splitter.push(Buffer.from("AT left=5\r\n!WARN left=1\nOK")), ["OK BEAT left=5", "!WARN left=1"]);
    assert.equal(splitter.push(Buffer.alloc(5000, 0x41))[0].length, 1024);
  });
  it("classifies OK, ERR, notices and foreign lines", () => {
    assert.deepEqual(parseBoardLine("OK HELLO banken proto=1"), { kind: "ok", verb: "HELLO", fields: { proto: "1" }, words: ["banken"], raw: "OK HELLO banken proto=1" });
    assert.equal(parseBoardLine("ERR locked refused").kind, "err");
    assert.equal(parseBoardLine("!WARN left=60000").kind, "notice");
    assert.equal(parseBoardLine("OK").kind, "foreign");
    assert.equal(parseBoardLine("$GPGGA,1").kind, "foreign");
    assert.equal(printable("a\x00\xffb"), "a\\x00\\xffb");
  });
  it("tells reset + back as one sentence, with the time since", () => {
    const clock = { boot: 2, uptimeMs: 172800000 + 700000, timeoutMs: 600000, bootTimeoutMs: 0 };
    const lines = describeHistory(
      [
        { kind: "boot", boot: 2, uptimeMs: 0 },
        { kind: "reset", boot: 2, uptimeMs: 700000, n: 1, reason: "timeout" },
        { kind: "back", boot: 2, uptimeMs: 794000, n: 94000 },
      ],
      clock,
    );
    assert.deepEqual(lines, ["board started 2 days ago", "reset the host 2 days ago after 10 min without heartbeat; host back 94 s later"]);
  });
  it("ENOTTY from set() on a pty means no modem lines", () => {
    assert.equal(isNoModemLines(new Error("Error: Inappropriate ioctl for device, cannot set")), true);
    assert.equal(isNoModemLines(new Error("Error: Input/output error, cannot set")), false);
  });
});
