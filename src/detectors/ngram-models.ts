/**
 * The n-gram models: the injection classifier (injection-classifier/model.ts) and harmful-request
 * (harmful-request/model.ts), the committed ones loaded once at module init, a rule pack's by `loadNgramModels`.
 * The classifier's direct set and harmful-request score every prompt under the default policy, so they share
 * one interleaved table (injection-classifier/shared-table.ts).
 */
import harmfulFile from './models/harmful-request.json' with { type: 'json' };
import injectionFile from './models/injection-classifier.json' with { type: 'json' };
import { loadHarmfulModel, type HarmfulModel } from './harmful-request/model.js';
import { loadModel, type LoadedModel } from './injection-classifier/model.js';
import { shareTable } from './injection-classifier/shared-table.js';

export interface NgramModels {
  injection: LoadedModel;
  harmful: HarmfulModel;
}

/** Validates and decodes both model files (throws naming the file that does not match this code). */
export function loadNgramModels(injectionRaw: unknown, harmfulRaw: unknown): NgramModels {
  const injection = loadModel(injectionRaw);
  const harmful = loadHarmfulModel(harmfulRaw);
  const [direct, harmfulSet] = shareTable(injection.sets.direct, harmful.set);
  return {
    injection: { threshold: injection.threshold, sets: { direct, indirect: injection.sets.indirect } },
    harmful: { threshold: harmful.threshold, set: harmfulSet },
  };
}

/** The committed files, as JSON, for a pack that replaces only one of the two models. */
export const COMMITTED_MODEL_FILES = { injection: injectionFile as unknown, harmful: harmfulFile as unknown };

const committed = loadNgramModels(injectionFile, harmfulFile);
export const MODEL: LoadedModel = committed.injection;
export const HARMFUL_MODEL: HarmfulModel = committed.harmful;
