/**
 * The committed n-gram models, loaded once at module init: the injection classifier
 * (injection-classifier/model.ts) and harmful-request (harmful-request/model.ts). The classifier's direct
 * set and harmful-request score every prompt under the default policy, so they share one interleaved
 * table (injection-classifier/shared-table.ts).
 */
import harmfulFile from './models/harmful-request.json' with { type: 'json' };
import injectionFile from './models/injection-classifier.json' with { type: 'json' };
import { loadHarmfulModel, type HarmfulModel } from './harmful-request/model.js';
import { loadModel, type LoadedModel } from './injection-classifier/model.js';
import { shareTable } from './injection-classifier/shared-table.js';

const injection = loadModel(injectionFile);
const harmful = loadHarmfulModel(harmfulFile);
const [direct, harmfulSet] = shareTable(injection.sets.direct, harmful.set);

export const MODEL: LoadedModel = { threshold: injection.threshold, sets: { direct, indirect: injection.sets.indirect } };
export const HARMFUL_MODEL: HarmfulModel = { threshold: harmful.threshold, set: harmfulSet };
