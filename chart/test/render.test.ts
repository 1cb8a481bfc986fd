// The chart renderer is pure: these tests feed it hand-made traces and read the SVG text back.
import assert from "node:assert/strict";
import type { Edge } from "../signals.ts";
import { axisTicks, formatDuration, niceStepMs } from "../axis.ts";
import { highIntervals, renderTimingChart } from "../render.ts";
import type { ChartTrace } from "../trace.ts";

function resetTrace(over: Partial<ChartTrace> = {}): ChartTrace {
  const edges: Edge[] = [
    { t: 0, signal: "power", level: 1 },
    { t: 700000.4, signal: "relay", level: 1 },
    { t: 700000.6, signal: "led", level: 1 },
    { t: 710000.2, signal: "relay", level: 0 },
    { t: 710000.3, signal: "led", level: 0 },
  ];
  return {
    title: "reset timing 600000/10000",
    subtitle: "sim · esp32",
    passed: true,
    fromMs: 0,
    toMs: 720000,
    edges,
    sent: [
      { t: 50000, line: "BEAT seq=1" },
      { t: 100000, line: "BEAT seq=2" },
      { t: 100001, line: "SET timeoutMs=600000" },
    ],
    received: [{ t: 640000, line: "!WARN left=60000" }, { t: 100002, line: "OK SET" }],
    expected: { timeoutMs: 600000, pulseMs: 10000, toleranceMs: 1 },
    ...over,
  };
}

describe("timing chart", () => {
  it("is a well-formed SVG with every lane, the verdict and the measured timeout and pulse", () => {
    const svg = renderTimingChart(resetTrace());
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>\n$/);
    for (const lane of ["DUT power", "host → DUT", "DUT → host (!)", "LED", "reset relay"]) assert.ok(svg.includes(`>${lane}<`), lane);
    assert.ok(svg.includes(">PASS<"));
    assert.ok(svg.includes("last BEAT → close 600000.4 ms (10 min) (expected 600000 ±1)"), "timeout annotation says what it measures");
    assert.ok(svg.includes("reset pulse 9999.8 ms (10 s) (expected 10000 ±1)"), "pulse annotation");
    assert.ok(svg.includes("!WARN left=60000"), "unsolicited line shown");
    assert.ok(!svg.includes(">OK SET<"), "replies are not drawn as marks");
    assert.ok(svg.includes(">SET timeoutMs=600000"), "non-beat request labelled");
    assert.ok(!svg.includes("power relay"), "no power-relay lane without a power pin");
  });

  it("draws the expected close time as a 'due' marker and compares the closure with it", () => {
    const svg = renderTimingChart(resetTrace({ deadlines: [{ t: 700000, slackMs: 1 }] }));
    assert.ok(svg.includes(">due<"), "deadline marker labelled");
    assert.ok(svg.includes("stroke-dasharray=\"5,3\""), "deadline marker drawn");
    assert.ok(svg.includes("closed +0.4 ms vs due (±1)"), "closure measured against the deadline");
    assert.ok(svg.includes("expected relay close (deadline)"), "legend");
    assert.ok(!renderTimingChart(resetTrace()).includes(">due<"), "no marker when the scenario knows no deadline");
  });

  it("after a HOLD, does not call last BEAT → close the timeout nor mark it wrong", () => {
    // BEAT at 100 s, HOLD at 150 s for 50 s: the countdown starts at 200 s, so the close at 700 s is on time.
    const sent = [...resetTrace().sent, { t: 150000, line: "HOLD 50000" }];
    const svg = renderTimingChart(resetTrace({ sent, deadlines: [{ t: 800000, slackMs: 1 }], expected: { timeoutMs: 600000, toleranceMs: 1 } }));
    assert.ok(svg.includes("(a HOLD came after that BEAT: not the timeout)"));
    assert.ok(!svg.includes("(expected 600000 ±1)"));
    assert.ok(svg.includes("closed −99999.6 ms"), "a closure far from its deadline is shown as such");
    assert.ok(svg.includes('fill="#c62828">closed −'), "and in red");
  });

  it("marks a failure in red, with the message and out-of-tolerance values", () => {
    const svg = renderTimingChart(resetTrace({ passed: false, note: "AssertionError: relay closed 0.4 ms late", expected: { timeoutMs: 600000, pulseMs: 10000, toleranceMs: 0.1 } }));
    assert.ok(svg.includes(">FAIL<"));
    assert.ok(svg.includes("AssertionError: relay closed 0.4 ms late"));
    assert.match(svg, /<tspan fill="#c62828">last BEAT → close 600000.4 ms/);
  });

  it("escapes hostile bytes in labels so the SVG stays valid XML", () => {
    const svg = renderTimingChart(resetTrace({ sent: [{ t: 10, line: "<script>&\u0003\u0000\"" }] }));
    assert.ok(svg.includes("&lt;script&gt;&amp;\\x03\\x00&quot;"));
    assert.ok(!svg.includes("<script>"));
  });

  it("shows the power-relay lane and a closure left open at the end", () => {
    const svg = renderTimingChart(resetTrace({ showPowerRelay: true, edges: [{ t: 5, signal: "powerRelay", level: 1 }] }));
    assert.ok(svg.includes(">power relay<"));
    assert.ok(svg.includes("power relay still closed at end of window"));
  });

  it("stays small for a month of heartbeats (merged per pixel column)", () => {
    const sent = [];
    for (let t = 0; t < 30 * 86400000; t += 30000) sent.push({ t, line: "BEAT" });
    const edges: Edge[] = [];
    for (let t = 0; t < 30 * 86400000; t += 3600000) edges.push({ t, signal: "led", level: 1 }, { t: t + 100, signal: "led", level: 0 });
    const svg = renderTimingChart({ title: "month", fromMs: 0, toMs: 30 * 86400000, edges, sent });
    assert.ok(svg.length < 200000, `svg is ${svg.length} bytes`);
    assert.ok(svg.includes(`| = BEAT (${sent.length})`));
    assert.ok(svg.includes(">no relay closure in this window<"));
  });

  it("clips high intervals to the window and keeps a line high from before the window", () => {
    const edges: Edge[] = [
      { t: 1, signal: "relay", level: 1 },
      { t: 20, signal: "relay", level: 0 },
      { t: 30, signal: "relay", level: 1 },
    ];
    assert.deepEqual(highIntervals(edges, "relay", 0, 10, 40), [[10, 20], [30, 40]]);
    assert.deepEqual(highIntervals([], "power", 1, 0, 5), [[0, 5]]);
  });
});

describe("chart time axis", () => {
  it("picks 1/2/5 steps and clock-like steps with a unit that suits them", () => {
    assert.equal(niceStepMs(10, 10), 1);
    assert.equal(niceStepMs(720000, 8), 120000);
    assert.deepEqual(axisTicks(0, 720000).map((t) => t.label).slice(0, 3), ["0 min", "2 min", "4 min"]);
    assert.deepEqual(axisTicks(1000, 1003).map((t) => t.label).slice(0, 2), ["0 µs", "500 µs"]);
    assert.equal(axisTicks(0, 30 * 86400000).at(-1)?.label, "28 d");
  });

  it("formats durations as exact ms plus a friendly unit", () => {
    assert.equal(formatDuration(12.34), "12.3 ms");
    assert.equal(formatDuration(600000.4), "600000.4 ms (10 min)");
  });
});
