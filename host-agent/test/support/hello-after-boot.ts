// Asks a board that was just powered up for HELLO, a few times (a starting board drops what it
// receives): the reply line, or "no HELLO (…)" with the last lines it sent instead.
import { LineSession } from "../../src/flash/line-session.ts";

export async function helloAfterBoot(link: string, tries = 10): Promise<string> {
  const session = await LineSession.open(link, 2000);
  try {
    for (let attempt = 0; attempt < tries; attempt++) {
      await session.send("HELLO");
      const line = await session.waitLine((text) => text.startsWith("OK HELLO"), 1000);
      if (line !== null) return line;
    }
    return `no HELLO (${session.unmatched().slice(-3).join(" | ")})`;
  } finally {
    await session.close();
  }
}
