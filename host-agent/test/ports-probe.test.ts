// The HELLO probe through a real pty (socat) and the real serialport binding.
import assert from "node:assert/strict";
import { classifyHelloReply, probeWithBoardPort } from "../src/ports/probe.ts";
import { answeringScript, ptyBoard, SILENT_SCRIPT } from "./beat-sh-pty.ts";
import type { PtyBoard } from "./beat-sh-pty.ts";

describe("banken ports: HELLO probe", () => {
  let board: PtyBoard | undefined;
  afterEach(async () => {
    await board?.close();
    board = undefined;
  });

  it("classifies replies: OK HELLO is banken, ! lines and blanks are skipped, anything else is foreign", () => {
    assert.equal(classifyHelloReply("OK HELLO proto=1 fw=0.1.0 board=esp32")?.verdict, "banken");
    assert.equal(classifyHelloReply("!WARN left=60000"), undefined);
    assert.equal(classifyHelloReply(""), undefined);
    assert.equal(classifyHelloReply("AT+OK")?.verdict, "other");
    assert.equal(classifyHelloReply("ERR verb unknown verb")?.verdict, "other");
  });

  it("finds a board that answers OK HELLO, skipping its unsolicited lines", async () => {
    board = await ptyBoard(answeringScript("!WARN left=60000\nOK HELLO proto=1 fw=0.1.0 board=sim"));
    const result = await probeWithBoardPort(board.path, 2000);
    assert.deepEqual(result, { verdict: "banken", detail: "OK HELLO proto=1 fw=0.1.0 board=sim" });
  });

  it("reports a device that answers something else as not banken", async () => {
    board = await ptyBoard(answeringScript("+CME ERROR: 100"));
    assert.equal((await probeWithBoardPort(board.path, 2000)).verdict, "other");
  });

  it("reports silence after the deadline", async () => {
    board = await ptyBoard(SILENT_SCRIPT);
    const startedMs = Date.now();
    const result = await probeWithBoardPort(board.path, 150);
    assert.equal(result.verdict, "silent");
    assert.ok(Date.now() - startedMs < 1500, "the deadline bounds the probe");
  });

  it("reports a missing device", async () => {
    assert.equal((await probeWithBoardPort("/dev/banken-does-not-exist", 100)).verdict, "missing");
  });
});
