/**
 * `npm run train`: retrains the injection classifier from ../shared/datasets and training/*.jsonl
 * and writes src/detectors/models/injection-classifier.json (deterministic, byte for byte).
 * Usage: npm run train [-- --out <file>]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildModel } from './classifier/build.js';
import { DATASETS, datasetsAvailable } from './classifier/data.js';

const MODEL_PATH = resolve(import.meta.dirname, '..', 'src', 'detectors', 'models', 'injection-classifier.json');

if (!datasetsAvailable()) {
  console.error(`train-classifier: datasets not found in ${DATASETS}; set WARDEN_DATASETS to the directory holding text_classification.jsonl and indirect_injection.jsonl`);
  process.exit(2);
}
const outFlag = process.argv.indexOf('--out');
const out = outFlag >= 0 && process.argv[outFlag + 1] !== undefined ? resolve(process.argv[outFlag + 1] as string) : MODEL_PATH;
const started = performance.now();
const { json, report } = buildModel();
writeFileSync(out, json);
console.log(report);
console.log(`wrote ${out} (${(json.length / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
