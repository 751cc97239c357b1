/**
 * `npm run train:harmful`: retrains the harmful-request classifier from ../shared/datasets and
 * training/harmful-*.jsonl and writes src/detectors/models/harmful-request.json (byte for byte).
 * Usage: npm run train:harmful [-- --out <file>]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATASETS, datasetsAvailable } from './classifier/data.js';
import { buildModel } from './harmful/build.js';

const MODEL_PATH = resolve(import.meta.dirname, '..', 'src', 'detectors', 'models', 'harmful-request.json');

if (!datasetsAvailable()) {
  console.error(`train-harmful: datasets not found in ${DATASETS}; set WARDEN_DATASETS to the directory holding text_classification.jsonl`);
  process.exit(2);
}
const outFlag = process.argv.indexOf('--out');
const out = outFlag >= 0 && process.argv[outFlag + 1] !== undefined ? resolve(process.argv[outFlag + 1] as string) : MODEL_PATH;
const started = performance.now();
const { json, report } = buildModel();
writeFileSync(out, json);
console.log(report);
console.log(`wrote ${out} (${(json.length / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
