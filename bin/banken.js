#!/usr/bin/env node
// The `banken` command. The agent is bundled to dist/agent/ for a quick start (`npm run build`,
// which `npm ci` runs through `prepare`); the npm package ships dist/ built, and no TypeScript.
try {
  const cli = await import("../dist/agent/cli.js");
  await cli.main();
} catch (error) {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/agent/cli.js")) {
    process.stderr.write("banken: the agent is not built yet: run `npm run build` in the banken checkout\n");
    process.exitCode = 1;
  } else {
    throw error;
  }
}
