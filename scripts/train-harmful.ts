/**
 * `npm run train:harmful`: retrains the harmful-request classifier from ../shared/datasets and
 * training/harmful-*.jsonl and writes src/detectors/models/harmful-request.json (byte for byte).
 * Usage: npm run train:harmful [-- --out <file>]
 */
import { resolve } from 'node:path';
import { DATASETS, datasetsAvailable } from './classifier/data.js';
import { buildModel } from './harmful/build.js';
import { writeModel } from './lib/write-model.js';

const MODEL_PATH = resolve(import.meta.dirname, '..', 'src', 'detectors', 'models', 'harmful-request.json');

if (!datasetsAvailable()) {
  console.error(`train-harmful: datasets not found in ${DATASETS}; set WARDEN_DATASETS to the directory holding text_classification.jsonl`);
  process.exit(2);
}
writeModel(MODEL_PATH, buildModel);
