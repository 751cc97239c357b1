/**
 * `npm run train`: retrains the injection classifier from ../shared/datasets and training/*.jsonl
 * and writes src/detectors/models/injection-classifier.json (deterministic, byte for byte).
 * Usage: npm run train [-- --out <file>]
 */
import { resolve } from 'node:path';
import { buildModel } from './classifier/build.js';
import { DATASETS, datasetsAvailable } from './classifier/data.js';
import { writeModel } from './lib/write-model.js';

const MODEL_PATH = resolve(import.meta.dirname, '..', 'src', 'detectors', 'models', 'injection-classifier.json');

if (!datasetsAvailable()) {
  console.error(`train-classifier: datasets not found in ${DATASETS}; set WARDEN_DATASETS to the directory holding text_classification.jsonl and indirect_injection.jsonl`);
  process.exit(2);
}
writeModel(MODEL_PATH, buildModel);
