import * as os from "node:os";
import type { EngineSettings } from "../../src/core/engine/inferenceEngine";
import {
  ensureFixtureModels,
  scriptedFixturePath,
  scriptedText,
  type ScriptedFixtureName,
} from "../../scripts/fixture-models/fixtures";

let ensured = false;

/** Path of a scripted fixture model, building the fixtures on first use (about a second each). */
export function fixtureModel(name: ScriptedFixtureName): string {
  if (!ensured) {
    ensureFixtureModels();
    ensured = true;
  }
  return scriptedFixturePath(name);
}

export { scriptedText };

/** Engine settings for tests: CPU, at most 2 threads (more is far slower on a 2-core machine), full context. */
export function testEngineSettings(modelPath: string, overrides: Partial<EngineSettings> = {}): EngineSettings {
  return {
    modelPath,
    threads: Math.min(2, os.availableParallelism()),
    gpu: "off",
    contextSize: 2048,
    batchSize: 512,
    prefillChunkTokens: 64,
    flashAttention: "auto",
    ...overrides,
  };
}
