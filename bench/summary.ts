/**
 * `.bench/summary.json`: the headline figures of one run per model, in the shape issue 13 asked for
 * (README, Performance, documents every field).
 */
import type { KeystrokeBenchResult } from "./keystroke-bench";
import type { SpeculativeFigures, SpeculativeResult } from "./speculative";
import { median, percentile, sum } from "./stats";

export interface ModelSummary {
  /** Keystroke that starts a pause → first complete line of its suggestion, generated and linted. */
  firstVisibleMs: { p50: number; p95: number; n: number };
  /** Keystroke that starts a pause → its whole linted suggestion. */
  wholeSuggestionMs: { p50: number; p95: number; n: number };
  /** Pauses (≥ 2 s) whose first line was visible before the pause ended, of all pauses. */
  answeredPauses: { answered: number; pauses: number };
  /** Σ pipeline work ÷ Σ raw node-llama-cpp time for the same generations, replayed interleaved. */
  pipelineOverRaw: { ratio: number; medianRatio: number; n: number };
  /** 1 − evaluated ÷ prompt tokens over every generation. */
  kvReuse: number;
  /** Characters a Tab-at-each-line user accepts per second of waiting for suggestions at the pauses. */
  acceptedCharsPerSecond: number;
  /** Decode tok/s of the engine's own generations and of their raw replays. */
  decode: { engineTokS: number; rawTokS: number };
  /** The better predictor on the replay (see `predictors` for both) and the verify costs it was priced with. */
  speculative: SpeculativeFigures & {
    predictor: string;
    verifyCostMs: Record<number, number>;
    predictors: SpeculativeResult["predictors"];
  };
}

export interface BenchSummary {
  models: Record<string, ModelSummary>;
  corpus: { functions: number; keystrokes: number; pauses: number; source: string };
  quick: boolean;
  /** 1-minute load average at the start and end: other work on the machine. */
  loadAverage: [number, number];
  /** Teacher forcing's cost: forced ÷ unforced decode tok/s on the Phi-2-shaped model, same run. */
  forcing?: { unforcedTokS: number; forcedTokS: number; ratio: number; ratioRange: [number, number]; rounds: number };
  timestamp: string;
}

export function summarizeModel(result: KeystrokeBenchResult, speculative: SpeculativeResult): ModelSummary {
  const pauses = result.keystrokes.filter((record) => record.pause !== undefined);
  const firstVisible = pauses.flatMap((record) => (record.firstVisibleMs === undefined ? [] : [record.firstVisibleMs]));
  const whole = pauses.flatMap((record) =>
    record.latencyMs === undefined || record.source === "empty" ? [] : [record.latencyMs],
  );
  const own = result.keystrokes.filter((record) => record.pipelineMs !== undefined && record.rawMs !== undefined);
  const decoded = own.filter((record) => record.rawDecode && record.rawDecode.tokens > 0 && record.generationMs);
  const [predictor, figures] = Object.entries(speculative.predictors).sort(
    ([, a], [, b]) => b.effectiveTokS - a.effectiveTokS,
  )[0];
  return {
    firstVisibleMs: { p50: percentile(firstVisible, 50), p95: percentile(firstVisible, 95), n: firstVisible.length },
    wholeSuggestionMs: { p50: percentile(whole, 50), p95: percentile(whole, 95), n: whole.length },
    answeredPauses: { answered: pauses.filter((record) => record.pause!.answered).length, pauses: pauses.length },
    pipelineOverRaw: {
      ratio: sum(own.map((record) => record.pipelineMs!)) / sum(own.map((record) => record.rawMs!)),
      medianRatio: median(own.map((record) => record.pipelineMs! / record.rawMs!)),
      n: own.length,
    },
    kvReuse: result.kvReuse.fraction,
    acceptedCharsPerSecond:
      sum(pauses.map((record) => record.pause!.acceptedChars)) /
      (sum(pauses.map((record) => record.pause!.waitedMs)) / 1000),
    decode: {
      engineTokS:
        sum(decoded.map((record) => record.generatedTokens!)) /
        (sum(decoded.map((record) => record.generationMs!)) / 1000),
      rawTokS:
        sum(decoded.map((record) => record.rawDecode!.tokens)) /
        (sum(decoded.map((record) => record.rawDecode!.ms)) / 1000),
    },
    speculative: { predictor, ...figures, verifyCostMs: speculative.verifyCostMs, predictors: speculative.predictors },
  };
}
