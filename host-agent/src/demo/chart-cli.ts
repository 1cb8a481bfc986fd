// Renders a demo trace (JSON) to SVG with the HIL suite's renderTimingChart. A separate process
// (node --import tsx chart-cli.ts trace.json out.svg) because the chart code lives in hil-tests/,
// outside the bundled agent.
import { readFileSync, writeFileSync } from "node:fs";
import { renderTimingChart } from "../../../hil-tests/chart/render.ts";
import type { ChartTrace } from "../../../hil-tests/chart/trace.ts";

const [tracePath, svgPath] = process.argv.slice(2);
if (tracePath === undefined || svgPath === undefined) {
  process.stderr.write("usage: chart-cli.ts trace.json out.svg\n");
  process.exit(2);
}
const trace = JSON.parse(readFileSync(tracePath, "utf8")) as ChartTrace;
writeFileSync(svgPath, renderTimingChart(trace));
