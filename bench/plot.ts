/**
 * First-visible and whole-suggestion latency per keystroke as an SVG drawn here, turned into a PNG by headless Chromium (already a dev tool of the
 * host-test harness), so the bench needs no plotting package and works offline.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { promisify } from "node:util";
import type { KeystrokeBenchResult, KeystrokeRecord } from "./keystroke-bench";

const run = promisify(execFile);
const CHROMIUM = "/usr/bin/chromium";
const WIDTH = 1100;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 70, right: 20, top: 40, bottom: 40 };

const SERIES: {
  label: string;
  color: string;
  value: (record: KeystrokeRecord) => number | undefined;
  hollow?: boolean;
}[] = [
  {
    label: "first visible line (generated + linted), at a pause",
    color: "#d62728",
    value: (r) => (r.pause ? r.firstVisibleMs : undefined),
  },
  {
    label: "whole suggestion: own generation",
    color: "#1f77b4",
    value: (r) => (r.source === "model" ? r.latencyMs : undefined),
  },
  {
    label: "whole suggestion: joined in-flight",
    color: "#9467bd",
    value: (r) => (r.source === "in-flight" ? r.latencyMs : undefined),
  },
  {
    label: "whole suggestion: cache",
    color: "#2ca02c",
    value: (r) => (r.source === "cache" ? r.latencyMs : undefined),
  },
  { label: "pipeline work (no debounce)", color: "#1f77b4", value: (r) => r.pipelineMs, hollow: true },
  { label: "raw node-llama-cpp, same work", color: "#ff7f0e", value: (r) => r.rawMs, hollow: true },
];

function escapeXml(text: string): string {
  return text.replace(/[<>&]/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[char]!);
}

function panel(name: string, result: KeystrokeBenchResult, top: number): string {
  const records = result.keystrokes;
  const values = records.flatMap((record) =>
    SERIES.map((series) => series.value(record)).filter((value): value is number => value !== undefined && value > 0),
  );
  const maxMs = Math.max(10, ...values);
  const maxExponent = Math.ceil(Math.log10(maxMs));
  const minExponent = Math.min(0, Math.floor(Math.log10(Math.min(...values, 1))));
  const maxAt = Math.max(1, ...records.map((record) => record.at)) / 1000;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (seconds: number) => MARGIN.left + (seconds / maxAt) * plotWidth;
  const y = (ms: number) =>
    top + MARGIN.top + plotHeight - ((Math.log10(ms) - minExponent) / (maxExponent - minExponent)) * plotHeight;
  const parts = [
    `<text x="${MARGIN.left}" y="${top + 24}" font-size="15" font-weight="bold">${escapeXml(name)}: first visible ghost text and whole suggestion per keystroke (log scale)</text>`,
  ];
  for (let exponent = minExponent; exponent <= maxExponent; exponent++) {
    const ms = 10 ** exponent;
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(ms)}" y2="${y(ms)}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${MARGIN.left - 6}" y="${y(ms) + 4}" font-size="11" text-anchor="end">${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}</text>`,
    );
  }
  const tickStep = Math.max(5, Math.ceil(maxAt / 10 / 5) * 5);
  for (let seconds = 0; seconds <= maxAt; seconds += tickStep) {
    parts.push(
      `<text x="${x(seconds)}" y="${top + PANEL_HEIGHT - 18}" font-size="11" text-anchor="middle">${seconds} s</text>`,
    );
  }
  // Keystrokes whose request the next keystroke cancelled, as ticks along the bottom.
  for (const record of records.filter((r) => r.latencyMs === undefined)) {
    parts.push(
      `<line x1="${x(record.at / 1000)}" x2="${x(record.at / 1000)}" y1="${top + MARGIN.top + plotHeight}" y2="${top + MARGIN.top + plotHeight - 5}" stroke="#999"/>`,
    );
  }
  for (const series of SERIES) {
    for (const record of records) {
      const value = series.value(record);
      if (value === undefined || value <= 0) continue;
      const fill = series.hollow ? "none" : series.color;
      parts.push(
        `<circle cx="${x(record.at / 1000).toFixed(1)}" cy="${y(value).toFixed(1)}" r="${series.hollow ? 5 : 3}" fill="${fill}" stroke="${series.color}" stroke-width="1.5"/>`,
      );
    }
  }
  return parts.join("\n");
}

/** Writes `<base>.svg` and, when Chromium is there, `<base>.png`; returns the path of the best one. */
export async function writeLatencyPlot(base: string, replays: Record<string, KeystrokeBenchResult>): Promise<string> {
  const entries = Object.entries(replays);
  const legendTop = entries.length * PANEL_HEIGHT;
  const height = legendTop + 30 + 20 * (SERIES.length + 1);
  const legend = SERIES.map((series, index) => {
    const ly = legendTop + 20 + index * 20;
    return `<circle cx="${MARGIN.left + 6}" cy="${ly}" r="5" fill="${series.hollow ? "none" : series.color}" stroke="${series.color}" stroke-width="1.5"/><text x="${MARGIN.left + 18}" y="${ly + 4}" font-size="12">${escapeXml(series.label)}</text>`;
  });
  legend.push(
    `<line x1="${MARGIN.left + 6}" x2="${MARGIN.left + 6}" y1="${legendTop + 20 + SERIES.length * 20 - 5}" y2="${legendTop + 20 + SERIES.length * 20 + 5}" stroke="#999"/><text x="${MARGIN.left + 18}" y="${legendTop + 24 + SERIES.length * 20}" font-size="12">keystroke whose request the next keystroke cancelled</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="DejaVu Sans, sans-serif">
<rect width="100%" height="100%" fill="white"/>
${entries.map(([name, result], index) => panel(name, result, index * PANEL_HEIGHT)).join("\n")}
${legend.join("\n")}
</svg>`;
  fs.writeFileSync(`${base}.svg`, svg);
  if (!fs.existsSync(CHROMIUM)) return `${base}.svg`;
  try {
    await run(
      CHROMIUM,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        `--screenshot=${base}.png`,
        `--window-size=${WIDTH},${height}`,
        `file://${base}.svg`,
      ],
      { timeout: 60_000 },
    );
    return `${base}.png`;
  } catch {
    return `${base}.svg`;
  }
}
