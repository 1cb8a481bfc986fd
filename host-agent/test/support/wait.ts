// Waiting on a condition with a deadline instead of sleeping a fixed time.
export async function waitFor(condition: () => boolean | Promise<boolean>, deadlineMs: number, describe: () => string): Promise<void> {
  const giveUpAt = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out after ${deadlineMs} ms: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
