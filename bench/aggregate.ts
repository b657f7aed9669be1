/**
 * Medians and ranges over several runs of the replay: `npm run bench:aggregate -- <summary.json>...` (each run's
 * `.bench/summary-<time>.json`; without arguments, every full run's summary in .bench). This VM's speed moves by
 * up to 2× between hours, so a figure is given as the median of the runs with their range, and the ratios are
 * computed within each run before they are aggregated. Prints a Markdown table, writes .bench/aggregate-<time>.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { median } from "./stats";
import type { BenchSummary, ModelSummary } from "./summary";

const BENCH_DIR = path.resolve(__dirname, "../../.bench");

/** One figure per run, computed from that run's summary. */
const FIGURES: Record<string, (model: ModelSummary) => number> = {
  "first visible p50 (ms)": (m) => m.firstVisibleMs.p50,
  "first visible p95 (ms)": (m) => m.firstVisibleMs.p95,
  "whole suggestion p50 (ms)": (m) => m.wholeSuggestionMs.p50,
  "whole suggestion p95 (ms)": (m) => m.wholeSuggestionMs.p95,
  "first ÷ whole, p50": (m) => m.firstVisibleMs.p50 / m.wholeSuggestionMs.p50,
  "first ÷ whole, p95": (m) => m.firstVisibleMs.p95 / m.wholeSuggestionMs.p95,
  "answered pauses": (m) => m.answeredPauses.answered / m.answeredPauses.pauses,
  "pipeline ÷ raw": (m) => m.pipelineOverRaw.ratio,
  "pipeline ÷ raw, median of generations": (m) => m.pipelineOverRaw.medianRatio,
  "KV reuse": (m) => m.kvReuse,
  "accepted characters per second waited": (m) => m.acceptedCharsPerSecond,
  "decode, engine (tok/s)": (m) => m.decode.engineTokS,
  "decode, raw (tok/s)": (m) => m.decode.rawTokS,
  "speculative, best predictor ÷ autoregressive": (m) => m.speculative.effectiveTokS / m.speculative.autoregressiveTokS,
  // Summaries written before the split have no whereDrafted: NaN, left out of the median.
  "speculative, best predictor where it drafted ÷ autoregressive": (m) =>
    (m.speculative.whereDrafted?.effectiveTokS ?? Number.NaN) / m.speculative.autoregressiveTokS,
};

interface Aggregate {
  median: number;
  min: number;
  max: number;
  values: number[];
}

function aggregate(measured: number[]): Aggregate {
  const values = measured.filter((value) => !Number.isNaN(value));
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
}

function summaryFiles(args: string[]): string[] {
  if (args.length > 0) return args;
  return fs
    .readdirSync(BENCH_DIR)
    .filter((name) => /^summary-.+\.json$/.test(name))
    .map((name) => path.join(BENCH_DIR, name))
    .filter((file) => !(JSON.parse(fs.readFileSync(file, "utf8")) as BenchSummary).quick);
}

function main(): void {
  const files = summaryFiles(process.argv.slice(2));
  if (files.length === 0) throw new Error("no summary files: run `npm run bench` first, or name them");
  const runs = files.map((file) => JSON.parse(fs.readFileSync(file, "utf8")) as BenchSummary);
  const models = [...new Set(runs.flatMap((run) => Object.keys(run.models)))];
  const format = (value: number) =>
    Number.isInteger(value) || Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
  const result: Record<string, Record<string, Aggregate>> = {};
  for (const model of models) {
    const present = runs.filter((run) => run.models[model]);
    result[model] = {
      ...Object.fromEntries(
        Object.entries(FIGURES).map(([name, figure]) => [
          name,
          aggregate(present.map((run) => figure(run.models[model]))),
        ]),
      ),
      "own generations (n)": aggregate(present.map((run) => run.models[model].pipelineOverRaw.n)),
      "pauses (n)": aggregate(present.map((run) => run.models[model].answeredPauses.pauses)),
    };
  }
  const forcing = runs.flatMap((run) => (run.forcing ? [run.forcing.ratio] : []));
  const loads = runs.map((run) => run.loadAverage.map((load) => load.toFixed(1)).join("→"));
  console.log(`${runs.length} runs (${runs.map((run) => run.timestamp).join(", ")}); load average ${loads.join(", ")}`);
  console.log(`\n| figure | ${models.join(" | ")} |\n|---|${models.map(() => "---|").join("")}`);
  for (const name of Object.keys(result[models[0]]))
    console.log(
      `| ${name} | ${models
        .map((model) => {
          const figure = result[model][name];
          return figure ? `${format(figure.median)} [${format(figure.min)}–${format(figure.max)}]` : "—";
        })
        .join(" | ")} |`,
    );
  if (forcing.length > 0) {
    const figure = aggregate(forcing);
    console.log(`\nforced ÷ unforced decode: ${format(figure.median)} [${format(figure.min)}–${format(figure.max)}]`);
  }
  const out = path.join(BENCH_DIR, `aggregate-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  fs.writeFileSync(
    out,
    `${JSON.stringify({ runs: files.map((file) => path.basename(file)), loads, models: result, forcing: forcing.length > 0 ? aggregate(forcing) : undefined }, null, 2)}\n`,
  );
  console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
}

main();
