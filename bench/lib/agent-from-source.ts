// The agent straight from its TypeScript sources through tsx, without the bundle: the "before"
// figure for item 1 (what bundling dist/agent/ saves at every cron run).
import { main } from "../../host-agent/src/cli.ts";

await main();
