// Renders a demo trace (JSON) to SVG with the timing-chart renderer the HIL suite uses (chart/). A
// separate program (dist/agent/demo-chart.js trace.json out.svg, sim/programs.ts), so the agent's
// own bundle does not carry the chart renderer.
import { readFileSync, writeFileSync } from "node:fs";
import { renderTimingChart } from "../../../chart/render.ts";
import type { ChartTrace } from "../../../chart/trace.ts";

const [tracePath, svgPath] = process.argv.slice(2);
if (tracePath === undefined || svgPath === undefined) {
  process.stderr.write("usage: chart-cli.ts trace.json out.svg\n");
  process.exit(2);
}
const trace = JSON.parse(readFileSync(tracePath, "utf8")) as ChartTrace;
writeFileSync(svgPath, renderTimingChart(trace));
