// Test fakes for the bench rig without hardware: a socat pseudo-terminal pair per serial port, and a
// fake device on the far end answering each line it reads.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { SerialPort } from "serialport";

export interface PtyPair {
  near: string;
  far: string;
  socat: ChildProcess;
}

export async function ptyPair(dir: string, name: string): Promise<PtyPair> {
  const near = join(dir, name + "-near");
  const far = join(dir, name + "-far");
  const socat = spawn("socat", [`pty,raw,echo=0,link=${near}`, `pty,raw,echo=0,link=${far}`], { stdio: "ignore" });
  for (let i = 0; i < 100 && !(existsSync(near) && existsSync(far)); i++) await new Promise((r) => setTimeout(r, 10));
  if (!existsSync(near) || !existsSync(far)) throw new Error("socat did not create the pty pair (is socat installed?)");
  return { near, far, socat };
}

/** The far end of a pty, answering each line it reads. */
export async function fakeDevice(path: string, answer: (line: string, send: (text: string) => void) => void): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 115200, hupcl: false, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  let buffer = "";
  port.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("latin1");
    let nl = buffer.indexOf("\n");
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      answer(line, (text) => port.write(text));
      nl = buffer.indexOf("\n");
    }
  });
  return port;
}

/** Ends a pair's socat and waits until its links are gone (the device "unplugged"). */
export async function stopPair(pair: PtyPair): Promise<void> {
  if (pair.socat.exitCode === null && pair.socat.signalCode === null) {
    const exited = new Promise((r) => pair.socat.once("exit", r));
    pair.socat.kill();
    await exited;
  }
  for (let i = 0; i < 100 && (existsSync(pair.near) || existsSync(pair.far)); i++) await new Promise((r) => setTimeout(r, 10));
  if (existsSync(pair.near)) throw new Error(`socat left ${pair.near} behind`);
}
